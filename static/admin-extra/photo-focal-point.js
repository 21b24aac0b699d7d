/*
 * Focal point picker for the photo change page: click (or use the arrow keys)
 * to set the focal point fields; dashed boxes show the crops it produces.
 * Mirrors photos/operations.py crop_box(). Loaded as a static file (CSP: no inline script).
 */
"use strict";
(function () {
  const CROPS = [["16:9", 16, 9], ["1:1", 1, 1], ["1.91:1", 191, 100]];

  function clamp(value, low, high) { return Math.max(low, Math.min(value, high)); }

  function cropBox(width, height, rw, rh, fx, fy) {
    let cropW = width * rh <= height * rw ? width : Math.round(height * rw / rh);
    cropW = Math.min(width, cropW);
    const cropH = Math.min(height, Math.round(cropW * rh / rw));
    const left = clamp(Math.round(fx * width - cropW / 2), 0, width - cropW);
    const top = clamp(Math.round(fy * height - cropH / 2), 0, height - cropH);
    return [left / width, top / height, cropW / width, cropH / height];
  }

  function setUp(picker) {
    const inputX = document.getElementById(picker.dataset.x);
    const inputY = document.getElementById(picker.dataset.y);
    const marker = picker.querySelector(".nr-focal__marker");
    const img = picker.querySelector("img");
    const width = Number(picker.dataset.width);
    const height = Number(picker.dataset.height);
    if (!inputX || !inputY || !img || !width || !height) return;
    const boxes = CROPS.map(function (crop) {
      const box = document.createElement("div");
      box.className = "nr-focal__crop";
      const label = document.createElement("span");
      label.textContent = crop[0];
      box.appendChild(label);
      picker.appendChild(box);
      return box;
    });

    function current() {
      const x = parseFloat(inputX.value), y = parseFloat(inputY.value);
      return Number.isFinite(x) && Number.isFinite(y) ? [clamp(x, 0, 1), clamp(y, 0, 1)] : null;
    }

    function draw() {
      const point = current();
      marker.hidden = point === null;
      const [fx, fy] = point || [0.5, 0.5];
      if (point) {
        marker.style.left = (fx * 100) + "%";
        marker.style.top = (fy * 100) + "%";
      }
      CROPS.forEach(function (crop, index) {
        const [left, top, w, h] = cropBox(width, height, crop[1], crop[2], fx, fy);
        const style = boxes[index].style;
        style.left = (left * 100) + "%";
        style.top = (top * 100) + "%";
        style.width = (w * 100) + "%";
        style.height = (h * 100) + "%";
      });
    }

    function set(x, y) {
      inputX.value = clamp(x, 0, 1).toFixed(3);
      inputY.value = clamp(y, 0, 1).toFixed(3);
      inputX.dispatchEvent(new Event("change", { bubbles: true }));
      draw();
    }

    picker.addEventListener("click", function (event) {
      const rect = img.getBoundingClientRect();
      if (!rect.width || !rect.height) return;
      set((event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
    });
    picker.addEventListener("keydown", function (event) {
      const step = event.shiftKey ? 0.1 : 0.01;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (!(event.key in moves)) return;
      event.preventDefault();
      const [fx, fy] = current() || [0.5, 0.5];
      set(fx + moves[event.key][0], fy + moves[event.key][1]);
    });
    inputX.addEventListener("input", draw);
    inputY.addEventListener("input", draw);
    draw();
  }

  function start() { document.querySelectorAll("[data-focal-picker]").forEach(setUp); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
