# The resident render driver: runs inside Blender after the scene is loaded
#   blender -b SCENE -noaudio [--python-use-system-env] --python-exit-code 1 --python-expr <blender_output.py + this text>
# and renders frames fed one at a time on stdin, so a render slot pays Blender's start-up and scene load once.
#
# Protocol, one JSON object per line (see ResidentProtocol.java):
#   stdin  {"cmd":"render","frame":12,"output":"/scratch/rf_","format":"exr","exrCodec":"piz","threads":1,
#           "preview":true,"resolutionPercent":25,"samples":4}
#          (writes /scratch/rf_0012.exr: the scene's padding, the format's extension; see blender_output.py)
#          {"cmd":"render",...,"device":"OPTIX"}  (on the process's GPU: the farm left it only its slot's one)
#          {"cmd":"quit"}                         (end of stdin means quit too, so a dead farm never leaves Blender behind)
#   stdout @rf-driver {"event":"ready","version":"3.4.1"}
#          @rf-driver {"event":"done","frame":12,"threads":1}
#          @rf-driver {"event":"failed","frame":12,"error":"..."}
# Blender's own output (Fra: ... Sample x/y, Saved: '...', Error: ...) goes to stdout in between, unchanged, and is
# read by the same parser as a one-process-per-chunk render.
import ctypes
import importlib.util
import json
import os
import py_compile
import sys

import bpy

PREFIX = "@rf-driver "

try:
    _libc = ctypes.CDLL(None)
except OSError:
    _libc = None


def reply(**fields):
    # Blender prints through C stdio; flush it first so "Saved: ..." always precedes our "done" on the pipe.
    if _libc is not None:
        _libc.fflush(None)
    sys.stdout.write(PREFIX + json.dumps(fields) + "\n")
    sys.stdout.flush()


scene = bpy.context.scene
render = scene.render
cycles = getattr(scene, "cycles", None)
# The scene's own settings, restored before every frame: a preview must never leak into a final frame.
final_resolution = render.resolution_percentage
final_cycles = (cycles.samples, cycles.use_denoising) if cycles is not None else None
final_threads = (render.threads_mode, render.threads)
final_device = cycles.device if cycles is not None else None
# The scene's own output, read before anything changes it and restored before every frame like the quality.
final_padding = rf_padding(scene)
_image = render.image_settings
final_image = (_image.file_format, _image.color_mode, _image.color_depth, _image.exr_codec)


def apply_output(command, frame):
    _image.file_format, _image.color_mode = final_image[0], final_image[1]
    if final_image[2]:
        _image.color_depth = final_image[2]
    _image.exr_codec = final_image[3]
    preview = bool(command.get("preview"))
    try:
        rf_apply_format(scene, command.get("format", "scene"), command.get("exrCodec", ""), preview)
    except RfOutputError as error:
        # The line a one-process render prints (blender_output.py), so the farm reads it as the scene's problem.
        print("Error: renderfarm: " + str(error), flush=True)
        raise
    render.use_file_extension = True
    render.filepath = rf_frame_path(command["output"], final_padding, frame)
    if not preview:
        rf_describe(scene)


def apply_quality(command):
    render.resolution_percentage = final_resolution
    if final_cycles is not None:
        cycles.samples, cycles.use_denoising = final_cycles
    if not command.get("preview"):
        return
    # Same arithmetic as BlenderRenderer.previewScript, so a preview looks the same whichever way it renders.
    percent = int(command["resolutionPercent"])
    render.resolution_percentage = max(1, round(final_resolution * percent / 100))
    if render.engine == 'CYCLES' and cycles is not None:
        cycles.use_denoising = False
        samples = int(command.get("samples", 0))
        if samples > 0:
            cycles.samples = samples


def apply_threads(command):
    # The farm sizes threads per frame (its last frame gets every core); the process starts without "-t",
    # which would override this.
    threads = int(command.get("threads", 0))
    if threads > 0:
        render.threads_mode = 'FIXED'
        render.threads = threads
    else:
        render.threads_mode, render.threads = final_threads


def apply_device(command):
    # As "--cycles-device" does for a one-process render: the backend in the preferences, every device of it in use
    # (the farm started this process seeing only its slot's GPU), and the scene on the GPU. A CPU frame restores the
    # scene's own setting.
    device = command.get("device")
    if cycles is None:
        return
    if not device:
        cycles.device = final_device
        return
    prefs = bpy.context.preferences.addons["cycles"].preferences
    try:
        prefs.compute_device_type = device
    except TypeError:
        found = []  # this Blender was built without the backend (Debian's 3.4.1 has no OptiX)
    else:
        prefs.get_devices()
        found = [d for d in prefs.devices if d.type == device]
    if not found:
        # The same words as Cycles' own refusal, so the farm reads it as this slot's problem, not the scene's.
        message = "Error: Found no Cycles device of the specified type (" + device + ")"
        print(message, flush=True)
        raise RuntimeError(message)
    for d in prefs.devices:
        d.use = d.type == device
    cycles.device = "GPU"


def render_frame(command):
    frame = int(command["frame"])
    apply_quality(command)
    apply_threads(command)
    apply_device(command)
    apply_output(command, frame)
    scene.frame_set(frame)
    bpy.ops.render.render(write_still=True)


def cache_bytecode():
    # Blender compiles its Python from source at every start (it ships no bytecode and never writes any); with a
    # pycache prefix set (BlenderBytecodeCache.java) the next start can read what this one writes. Only files missing
    # or older than their source are written, so once the cache is full this is a few hundred stat calls.
    if not getattr(sys, "pycache_prefix", None):  # unset, or a Python before 3.8
        return
    for module in list(sys.modules.values()):
        source = getattr(module, "__file__", None)
        if not source or not source.endswith(".py"):
            continue
        try:
            cached = importlib.util.cache_from_source(source)
            if not fresh(source, cached):
                # Timestamp-based whatever SOURCE_DATE_EPOCH says: fresh() checks exactly that header.
                py_compile.compile(source, cfile=cached, doraise=True,
                                   invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
        except (OSError, ValueError, py_compile.PyCompileError):
            pass  # a cache that cannot be written only means the next start compiles that module again


def fresh(source, cached):
    # The header Python itself checks: magic, flags 0 (timestamp-based), source mtime and size, little-endian.
    try:
        with open(cached, "rb") as f:
            header = f.read(16)
    except OSError:
        return False
    stat = os.stat(source)
    return (len(header) == 16 and header[:4] == importlib.util.MAGIC_NUMBER
            and int.from_bytes(header[4:8], "little") == 0
            and int.from_bytes(header[8:12], "little") == int(stat.st_mtime) & 0xFFFFFFFF
            and int.from_bytes(header[12:16], "little") == stat.st_size & 0xFFFFFFFF)


def main():
    reply(event="ready", version=bpy.app.version_string)
    # Before the first frame too, so even a one-frame job leaves the cache filled: a few milliseconds once it is
    # (the first start with an empty cache pays about half a second, once per Blender installation).
    cache_bytecode()
    cached = False
    while True:
        line = sys.stdin.readline()
        if not line:
            return
        line = line.strip()
        if not line:
            continue
        command = json.loads(line)
        if command.get("cmd") == "quit":
            return
        if command.get("cmd") != "render":
            reply(event="failed", frame=-1, error="unknown command " + str(command.get("cmd")))
            continue
        frame = int(command.get("frame", -1))
        try:
            render_frame(command)
            # render.threads reads back what Blender really uses (a "-t" override included)
            reply(event="done", frame=frame, threads=render.threads)
        except Exception as error:  # a frame that fails must not end the process; the farm decides what to do
            reply(event="failed", frame=frame, error=str(error).strip() or type(error).__name__)
        if not cached:
            # Again after the first frame, whose reply is out: for the modules the render itself loaded.
            cached = True
            cache_bytecode()


main()
