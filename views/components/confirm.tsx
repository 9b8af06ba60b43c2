// Confirming what cannot be taken back (cancelling a session, removing someone, archiving). An htmx form
// asks with the browser's dialog (confirmFirst) and sends `confirmed=yes` along; a plain form, or an htmx
// one without JavaScript, posts as it is and the server answers with this page, which says the
// consequence and posts again with `confirmed=yes`.

/** The attributes a form needs so htmx asks first and tells the server it did. */
export const confirmFirst = (question: string) => ({ "hx-confirm": question, "hx-vals": '{"confirmed": "yes"}' });

export const ConfirmPage = ({ title, consequence, action, values, yes, back }: {
  title: string; consequence: string; action: string; values: Record<string, string>; yes: string; back: string;
}) => (
  <section class="narrow card confirm">
    <h1>{title}</h1>
    <p>{consequence}</p>
    <form method="post" action={action} class="actions">
      {Object.entries(values).filter(([name]) => name !== "confirmed").map(([name, value]) => <input type="hidden" name={name} value={value} />)}
      <input type="hidden" name="confirmed" value="yes" />
      <button type="submit" class="danger">{yes}</button>
      <a href={back}>No, go back</a>
    </form>
  </section>
);
