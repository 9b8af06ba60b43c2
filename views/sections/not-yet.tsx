export const NotYetPage = ({ title, description }: { title: string; description: string }) => (
  <>
    <h1>{title}</h1>
    <section class="card empty-state">
      <p>{description}</p>
      <p class="muted">This section is on its way. Everything you set up elsewhere is kept.</p>
    </section>
  </>
);
