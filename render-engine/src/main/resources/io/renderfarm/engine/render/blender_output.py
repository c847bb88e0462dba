# The farm's output settings for a Blender scene, shared by one-process renders (BlenderRenderer.java, which calls
# rf_setup_chunk) and the resident driver (blender_driver.py, which calls rf_apply_format and rf_frame_path):
# - frames go to the farm's folder, numbered with the padding of the scene's own output path (its last run of '#',
#   4 when it has none, as Blender does), the extension always added;
# - final frames keep the scene's file format, colour depth, codec and channels unless the profile names a format
#   (RF_FORMATS); previews are always 8-bit PNG; the scene's view transform applies as Blender applies it;
# - a scene writing a movie or an image format the farm cannot verify is refused before anything renders;
# - one line describes the output, which BlenderRenderer's parser reads (the frame rate makes the preview movie):
#     Renderfarm output: OPEN_EXR_MULTILAYER 16-bit ZIP RGBA, view Filmic, fps 24/1.0
import re as rf_re
import sys as rf_sys

import bpy as rf_bpy

RF_VERIFIED = ('PNG', 'JPEG', 'TIFF', 'OPEN_EXR', 'OPEN_EXR_MULTILAYER', 'TARGA', 'TARGA_RAW', 'BMP')
# profile format -> (Blender file format, colour depth)
RF_FORMATS = {
    'png': ('PNG', '8'), 'png16': ('PNG', '16'), 'jpeg': ('JPEG', '8'), 'tiff': ('TIFF', '16'),
    'exr': ('OPEN_EXR', '16'), 'exr-multilayer': ('OPEN_EXR_MULTILAYER', '16'), 'tga': ('TARGA_RAW', '8'),
}


class RfOutputError(Exception):
    pass


def rf_padding(scene):
    runs = rf_re.findall('#+', scene.render.filepath)
    return len(runs[-1]) if runs else 4


def rf_apply_format(scene, fmt, codec, preview):
    settings = scene.render.image_settings
    scene.render.use_file_extension = True
    if preview:
        settings.file_format = 'PNG'
        settings.color_depth = '8'
        return
    if fmt != 'scene':
        wanted, depth = RF_FORMATS[fmt]
        was_exr = settings.file_format.startswith('OPEN_EXR')
        settings.file_format = wanted
        if not (was_exr and wanted.startswith('OPEN_EXR')):  # an EXR scene keeps its half or full float
            settings.color_depth = depth
    if settings.file_format not in RF_VERIFIED:
        raise RfOutputError('the scene writes ' + settings.file_format + ', which the farm cannot verify frame by '
                            'frame: choose PNG, JPEG, TIFF, OpenEXR or Targa in its Output properties, or set the '
                            "profile's format")
    if codec and settings.file_format.startswith('OPEN_EXR'):
        settings.exr_codec = codec.upper()


def rf_describe(scene):
    settings = scene.render.image_settings
    codec = ' ' + settings.exr_codec if settings.file_format.startswith('OPEN_EXR') else ''
    print('Renderfarm output: %s %s-bit%s %s, view %s, fps %d/%s' % (
        settings.file_format, settings.color_depth or '8', codec, settings.color_mode,
        scene.view_settings.view_transform, scene.render.fps, repr(float(scene.render.fps_base))), flush=True)


def rf_frame_path(base, padding, frame):
    return base + '%0*d' % (padding, frame)


def rf_setup_chunk(preview):
    # Arguments after '--' (never spliced into code): output base, profile format, EXR codec.
    base, fmt, codec = rf_sys.argv[rf_sys.argv.index('--') + 1:][:3]
    scene = rf_bpy.context.scene
    try:
        rf_apply_format(scene, fmt, codec, preview)
    except RfOutputError as error:
        print('Error: renderfarm: ' + str(error), flush=True)
        raise
    scene.render.filepath = base + '#' * rf_padding(scene)
    rf_describe(scene)
