# Builds the demo animation: a cube and a sphere crossing a floor, lit by a sun, seen by a camera (Cycles, CPU).
# `renderfarm demo` runs it (the jar carries a copy); to make a scene of your own with it:
#   blender -b --factory-startup --python examples/blender/demo_scene.py -- OUT.blend FRAMES WIDTH HEIGHT SAMPLES
# for example `... -- renders/shot/shot.blend 48 320 180 16`.
import os
import sys
import bpy

out, frames, width, height, samples = sys.argv[sys.argv.index("--") + 1:][:5]
out = os.path.abspath(out)
os.makedirs(os.path.dirname(out), exist_ok=True)
frames, width, height, samples = int(frames), int(width), int(height), int(samples)

scene = bpy.context.scene
scene.render.engine = 'CYCLES'
scene.cycles.samples = samples
scene.cycles.use_denoising = False  # Debian's Blender has no OpenImageDenoise
scene.cycles.device = 'CPU'
scene.render.resolution_x = width
scene.render.resolution_y = height
scene.render.resolution_percentage = 100
scene.frame_start = 1
scene.frame_end = frames

cube = bpy.data.objects['Cube']
cube.keyframe_insert(data_path='location', frame=1)
cube.keyframe_insert(data_path='rotation_euler', frame=1)
cube.location.x += 3
cube.rotation_euler.z += 3.14
cube.keyframe_insert(data_path='location', frame=frames)
cube.keyframe_insert(data_path='rotation_euler', frame=frames)

bpy.ops.mesh.primitive_uv_sphere_add(radius=0.7, location=(-2, -2, 0))
sphere = bpy.context.active_object
sphere.keyframe_insert(data_path='location', frame=1)
sphere.location.y += 4
sphere.keyframe_insert(data_path='location', frame=frames)

bpy.ops.mesh.primitive_plane_add(size=20, location=(0, 0, -1))
bpy.ops.object.light_add(type='SUN', location=(4, -4, 8))
bpy.context.active_object.data.energy = 3

bpy.ops.wm.save_as_mainfile(filepath=out)
