// renderfarm: width=320 height=240 antialias=0.3
// A ball orbiting a post over a checkered floor; 48 frames make one turn. clock is the frame number
// (renderfarm sets it, however the frames are chunked), so frame N always shows the same moment:
//   ./renderfarm render examples/povray/orbit.pov --frames 1-48 --out renders/orbit
#version 3.7;
#include "inc/orbit_colors.inc"

global_settings { assumed_gamma 1.0 }
background { color rgb <0.05, 0.07, 0.12> }
camera { location <0, 3, -7> look_at <0, 0.5, 0> }
light_source { <5, 8, -6> color rgb 1 }

plane { y, 0 pigment { checker color OrbitFloorA color OrbitFloorB scale 0.75 } }
cylinder { <0, 0, 0>, <0, 1.2, 0>, 0.15 pigment { color rgb 0.8 } }
sphere {
  <2, 0.6, 0>, 0.6
  pigment { color OrbitBall }
  finish { phong 0.6 }
  rotate y * clock * 360 / 48
}
