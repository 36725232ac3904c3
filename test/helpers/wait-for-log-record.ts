/** GET /v1/logs/:id at an OpenAI-style base URL, waiting for the logger service to have written the record. */
export async function waitForLogRecord<Record>(baseURL: string, id: string): Promise<Record> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(`${baseURL}/logs/${id}`);
    if (response.status === 200) return (await response.json()) as Record;
    if (Date.now() > deadline) throw new Error(`no log record ${id}: ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
