// One JSON call to a service's staff API with a bearer token; a non-2xx answer throws with its body.
async function api(url, token, method = 'GET', body) {
  const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

module.exports = { api };
