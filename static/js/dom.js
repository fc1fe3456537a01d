// Building elements without innerHTML: text from the server or the user never becomes markup.

/**
 * An element with properties and children.
 * ``props``: ``class``, ``text``, ``data`` (dataset), ``on`` ({event: handler}), anything else as an attribute
 * (``true`` sets a boolean attribute, ``false``/``null`` leaves it out).
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'data') Object.assign(el.dataset, value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace an element's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Object URLs of Blobs shown as thumbnails, released together when their screen goes away. */
export class ObjectUrls {
  constructor() { this.urls = []; }

  for(blob) {
    const url = URL.createObjectURL(blob);
    this.urls.push(url);
    return url;
  }

  revoke() {
    this.urls.forEach((url) => URL.revokeObjectURL(url));
    this.urls = [];
  }
}
