/**
 * Downloads a file the platform serves only with a bearer token (a plain link cannot send one):
 * fetched with the header, then saved from a temporary object URL.
 */
export async function downloadWithToken(
  path: string,
  token: string,
  fileName: string,
): Promise<void> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: fileName });
  link.click();
  URL.revokeObjectURL(url);
}
