// Simple geometric face measures from the 68 iBUG landmarks: eye openness,
// mouth opening, smile width, lip-corner elevation and brow raise. Formulas are
// next to each field and in docs/GEOMETRY.md.
//
// Every length is divided by the inter-ocular distance (outer eye corners
// 36–45, the 300-W convention), so the measures do not depend on face size or
// image resolution. "Up" is the face's own up, perpendicular to the line from
// 36 to 45, so in-plane head tilt (roll) does not change them; yaw and pitch
// foreshorten them like any 2D measure.
//
// Sides are the SUBJECT's: the right eye is points 36–41, which a camera sees
// on the image left.
//
// Thread-safety: every function here is reentrant.
#pragma once

#include "facellava/core/face_types.h"

namespace facellava {

struct FaceGeometry {
    // |p36 − p45|, in the landmarks' units (pixels for detector output).
    double inter_ocular_distance = 0;
    // Eye aspect ratio (Soukupová & Čech 2016), (|p2 − p6| + |p3 − p5|) / (2 |p1 − p4|)
    // with p1..p6 = 36..41 (right) or 42..47 (left). About 0.3 open (0.15–0.5
    // on the demo photos), towards 0 closed; blink detectors use ~0.2.
    double right_eye_aspect_ratio = 0;
    double left_eye_aspect_ratio = 0;
    // Gap between the inner lip centres, |p62 − p66| / IOD. About 0 closed.
    double mouth_opening = 0;
    // The eye aspect ratio applied to the inner lips:
    // (|p61 − p67| + |p63 − p65|) / (2 |p60 − p64|). About 0 closed, ~1 a
    // round yawn.
    double mouth_aspect_ratio = 0;
    // Mouth corner distance, |p48 − p54| / IOD. About 0.6 neutral (the mean
    // face: 0.64); a smile widens it.
    double smile_width = 0;
    // Height of the mid-point of the mouth corners (48, 54) above the mouth
    // centre (mid-point of 62 and 66) along the face's up axis, / IOD.
    // > 0: corners raised (smile); < 0: corners lowered (frown). The mean face
    // gives +0.03.
    double lip_corner_elevation = 0;
    // Height of the brow (mean of 17–21 right, 22–26 left) above the eye (mid-
    // point of its corners 36, 39 / 42, 45) along the face's up axis, / IOD.
    // Grows when the brow is raised, shrinks when it is lowered (frown).
    double right_brow_raise = 0;
    double left_brow_raise = 0;
};

// Throws facellava::Error when a point is not finite or a denominator is zero
// (coinciding eye corners, eye corners or mouth corners).
FaceGeometry measure_face_geometry(const Landmarks68& landmarks);

// The eye aspect ratio of the eye whose six points start at first_point (36 for
// the subject's right eye, 42 for the left; anything else throws).
double eye_aspect_ratio(const Landmarks68& landmarks, int first_point);

}  // namespace facellava
