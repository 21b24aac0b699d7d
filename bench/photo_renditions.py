"""
Time and peak memory to turn a 24-megapixel JPEG into every rendition.

    .venv/bin/python bench/photo_renditions.py [--runs 3] [--full-decode]

Draws a 6000×4000 photo-like JPEG (gradients, shapes and grain, so it
compresses like a real photo), then, in a fresh process per run:

1. upload: the checks, a full decode, metadata, the clean re-encode
   (photos.ingest.prepare_upload) and the write to storage;
2. renditions: photos.renditions.make_renditions on the stored original.

Each phase reports wall time, CPU time, peak traced Python memory
(tracemalloc) and the process's peak resident size (ru_maxrss: this includes
Pillow's pixel buffers, which tracemalloc does not see). ``--full-decode``
turns off the JPEG draft decode, to show what it saves. Uses a throwaway
SQLite database and InMemoryStorage; writes nothing outside a temp folder.
"""

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 6000, 4000


def draw_photo(path):
    """Write a 24-megapixel JPEG with the texture of a real photo."""
    from PIL import Image, ImageDraw, ImageFilter

    sky = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    image = Image.merge(
        "RGB", [sky, sky.transpose(Image.Transpose.FLIP_LEFT_RIGHT), sky.rotate(90)]
    )
    draw = ImageDraw.Draw(image)
    for i in range(400):  # buildings, cranes, people: edges for the encoder to keep
        x, y = (i * 7919) % WIDTH, (i * 104729) % HEIGHT
        draw.rectangle(
            (x, y, x + 40 + i % 300, y + 30 + (i * 13) % 400),
            fill=((i * 37) % 255, (i * 91) % 255, (i * 53) % 255),
        )
    image = image.filter(ImageFilter.GaussianBlur(2))
    grain = Image.effect_noise((WIDTH, HEIGHT), 24).convert("RGB")
    image = Image.blend(image, grain, 0.18)
    image.save(path, "JPEG", quality=92)


def setup_django(workdir):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "NEWSROOM_VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "media"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings
    from django.test.utils import override_settings

    django.setup()
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        },
        # Keep the save's on-commit task from making the renditions before they are measured.
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}},
    ).enable()


def reset_peak_rss():
    """Start counting the peak resident size from now (Linux: /proc/self/clear_refs)."""
    # Elsewhere the figure is the process's peak since it started.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_rss_mb():
    return _proc_status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(work):
    """Run ``work()``; return its result with wall and CPU seconds, traced and resident peak MB."""
    baseline = resident_mb()
    reset_peak_rss()
    tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, {
        "wall_s": wall,
        "cpu_s": cpu,
        "traced_peak_mb": traced_peak,
        "rss_before_mb": baseline,
        "rss_peak_mb": peak_rss_mb(),
    }


def resident_mb():
    return _proc_status_mb("VmRSS")


def _proc_status_mb(field):
    """Return a memory figure of /proc/self/status in MB (0 where there is no /proc)."""
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
        return int(next(line for line in lines if line.startswith(f"{field}:")).split()[1]) / 1024
    except (OSError, StopIteration):
        return 0.0


def run_phase(phase, source, workdir, full_decode):
    """One measured phase in this (fresh) process; print its figures as JSON."""
    setup_django(workdir)
    from photos import renditions
    from photos.ingest import ingest_photo
    from photos.models import Photo

    if full_decode:
        renditions.needed_scale = lambda *args, **kwargs: 1.0
    data = Path(source).read_bytes()
    if phase == "upload":
        photo, figures = measure(lambda: ingest_photo(io.BytesIO(data), make_renditions_now=False))
        figures["stored_original_mb"] = photo.file.size / 2**20
    else:
        photo = ingest_photo(io.BytesIO(data), make_renditions_now=False)
        photo = Photo.objects.get(pk=photo.pk)
        made, figures = measure(lambda: renditions.make_renditions(photo))
        figures["renditions"] = made
        figures["rendition_mb"] = sum(r.file.size for r in photo.renditions.all()) / 2**20
    print(json.dumps(figures))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--full-decode", action="store_true", help="decode the original at full size"
    )
    parser.add_argument("--phase", choices=["upload", "renditions"], help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        return run_phase(args.phase, args.source, Path(args.workdir), args.full_decode)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "photo-24mp.jpg"
        draw_photo(source)
        # One migrated database, copied for each run: migrating is not what is measured.
        template = tmp / "template"
        template.mkdir()
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"],
            check=True,
            env={
                **os.environ,
                "NEWSROOM_VAR_DIR": str(template),
                "DATABASE_URL": f"sqlite:///{template / 'bench.sqlite3'}",
            },
        )
        print(
            f"Source: {WIDTH}×{HEIGHT} JPEG, {source.stat().st_size / 2**20:.1f} MB; "
            f"{args.runs} runs per phase, each in a fresh process"
            f"{'; full-size decode' if args.full_decode else ''}"
        )
        for phase in ("upload", "renditions"):
            results = []
            for run in range(args.runs):
                workdir = tmp / f"{phase}-{run}"
                workdir.mkdir()
                shutil.copy(template / "bench.sqlite3", workdir / "bench.sqlite3")
                shutil.copy(template / "secret_key", workdir / "secret_key")
                command = [
                    sys.executable,
                    __file__,
                    "--phase",
                    phase,
                    "--source",
                    str(source),
                    "--workdir",
                    str(workdir),
                ] + (["--full-decode"] if args.full_decode else [])
                output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
                results.append(json.loads(output.strip().splitlines()[-1]))
            summary = {key: statistics.median(r[key] for r in results) for key in results[0]}
            print(
                f"{phase:>10}: "
                + ", ".join(
                    f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}"
                    for key, value in summary.items()
                )
            )


if __name__ == "__main__":
    main()
