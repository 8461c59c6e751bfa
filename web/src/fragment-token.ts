/**
 * A secret that an emailed link carries in its fragment (#token=...): browsers never send a
 * fragment to a server or in a Referer. Once read, it leaves the address bar and the history; the
 * tab keeps it under `key` so that a reload still has it, until `forgetFragmentToken`.
 */
export const takeFragmentToken = (key: string): string => {
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromUrl) {
    sessionStorage.setItem(key, fromUrl);
    history.replaceState(null, '', location.pathname);
  }
  return fromUrl ?? sessionStorage.getItem(key) ?? '';
};

export const forgetFragmentToken = (key: string): void => sessionStorage.removeItem(key);
