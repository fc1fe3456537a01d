// The review page's photo gallery: a tap on a thumbnail opens the photo full size in a dialog; swipe (or the
// arrow keys and buttons) moves through the photos. Without JavaScript each thumbnail still links to the photo.
const SWIPE_PX = 40;

function setUp(gallery) {
  const dialog = document.querySelector('dialog.lightbox');
  if (!dialog || typeof dialog.showModal !== 'function') return;
  const links = [...gallery.querySelectorAll('a.gallery-thumb')];
  const image = dialog.querySelector('.lightbox-image');
  const caption = dialog.querySelector('.lightbox-caption');
  let current = 0;

  function show(index) {
    current = (index + links.length) % links.length;
    const link = links[current];
    const thumb = link.querySelector('img');
    image.src = link.dataset.full;
    image.alt = thumb.alt;
    caption.textContent = `${current + 1} / ${links.length} · ${thumb.alt}`;
  }

  links.forEach((link, index) => link.addEventListener('click', (event) => {
    event.preventDefault();
    show(index);
    dialog.showModal();
  }));
  dialog.querySelector('.lightbox-prev').addEventListener('click', () => show(current - 1));
  dialog.querySelector('.lightbox-next').addEventListener('click', () => show(current + 1));
  dialog.querySelector('.lightbox-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft') show(current - 1);
    if (event.key === 'ArrowRight') show(current + 1);
  });
  // A tap on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener('click', (event) => { if (event.target === dialog) dialog.close(); });

  let startX = null;
  image.addEventListener('pointerdown', (event) => { startX = event.clientX; });
  image.addEventListener('pointerup', (event) => {
    if (startX === null) return;
    const moved = event.clientX - startX;
    startX = null;
    if (Math.abs(moved) >= SWIPE_PX) show(moved < 0 ? current + 1 : current - 1);
  });
  image.addEventListener('pointercancel', () => { startX = null; });
}

document.querySelectorAll('[data-gallery]').forEach(setUp);
