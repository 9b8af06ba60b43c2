export const ErrorPage = ({ status, message }: { status: number; message: string }) => (
  <section class="narrow card">
    <h1>{status === 404 ? "Not found" : status === 403 ? "Not allowed" : status >= 500 ? "Something went wrong" : "That didn't work"}</h1>
    <p>{message}</p>
    <p><a href="/">Back to your week</a></p>
  </section>
);
