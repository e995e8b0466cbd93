"""Upper-body and trunk musculotendon units of the right side: 50 per side, 100 in all.

Sources. F_max, optimal fibre length and pennation: arm and shoulder from Holzbaur et
al. (2005) Ann Biomed Eng 33:829-840, Table 2; trunk groups after Christophy et al.
(2012) Biomech Model Mechanobiol 11:19-34 and neck after Vasavada et al. (1998) Spine
23:412-422, lumped to one or two units per group with forces rounded (approximate).
Attachment points are our own approximations of the published anatomical landmarks
(origin, via points, insertion) on this model's simplified bones; they are not the
published models' coordinates. Because of that, tendon slack lengths are derived so that
each fibre is at its optimal length in the standing pose, and where the path is too
short for the published fibre length (rows marked "l_opt shortened") the optimal fibre
length is set to 80 % of the standing path length.

Frames: points are in our body frames of the 1.70 m default model (x left, y up, z
forward, origins at the joint centres of skeleton.py); the builder scales them by
height / 1.70 and mirrors x for the left side.

Row: (name, group, F_max [N], l_opt [m], l_s [m], pennation [deg], path), path =
((body, x, y, z), ...), body without the side suffix.
"""

# fmt: off
UPPER_MUSCLES = (
    ("sternocleidomastoid", "neck", 200.0, 0.13, 0.0153, 0.0, (
        ("Torso", -0.02, 0.19298, 0.10511), ("Head", -0.05, 0.01918, 0.01511),)),
    ("splenius_capitis", "neck", 150.0, 0.1, 0.0774, 0.0, (
        ("Torso", 0.0, 0.15298, -0.06489), ("Neck", -0.01, 0.01718, -0.04489),
        ("Head", -0.05, 0.02918, -0.01489),)),
    ("semispinalis_capitis", "neck", 200.0, 0.09, 0.0812, 0.0, (
        ("Torso", -0.02, 0.15298, -0.05489), ("Neck", -0.02, 0.02718, -0.04489),
        ("Head", -0.02, 0.03918, -0.05489),)),
    ("levator_scapulae", "neck", 150.0, 0.098, 0.0245, 0.0, (  # l_opt shortened
        ("Neck", -0.03, 0.03718, -0.00489), ("Shoulder", -0.055, -0.02282, -0.15489),)),
    ("trapezius_upper", "neck", 250.0, 0.12, 0.1103, 0.0, (
        ("Head", -0.02, 0.03918, -0.05489), ("Neck", -0.03, 0.02718, -0.05489),
        ("Shoulder", -0.125, 0.02718, -0.07489),)),
    ("rectus_abdominis", "trunk", 400.0, 0.3, 0.1167, 0.0, (
        ("Pelvis", -0.02, -0.06962, -0.02), ("Spine", -0.04, 0.06341, 0.15511),
        ("Torso", -0.06, 0.04298, 0.15511),)),
    ("ext_oblique_ant", "trunk", 450.0, 0.15, 0.199, 0.0, (
        ("Pelvis", -0.115, 0.00038, -0.02), ("Spine", -0.11, 0.06341, 0.12511),
        ("Torso", -0.11, 0.05298, 0.13511),)),
    ("ext_oblique_post", "trunk", 450.0, 0.12, 0.1625, 0.0, (
        ("Pelvis", -0.12, 0.03038, -0.06), ("Spine", -0.13, 0.06341, 0.05511),
        ("Torso", -0.13, 0.02298, 0.06511),)),
    ("int_oblique_ant", "trunk", 400.0, 0.1, 0.2126, 0.0, (
        ("Pelvis", -0.11, 0.00038, -0.01), ("Spine", -0.1, 0.04341, 0.13511),
        ("Torso", -0.08, 0.01298, 0.15511),)),
    ("int_oblique_post", "trunk", 400.0, 0.08, 0.1718, 0.0, (
        ("Pelvis", -0.12, 0.04038, -0.07), ("Spine", -0.12, 0.06341, 0.03511),
        ("Torso", -0.12, 0.00298, 0.01511),)),
    ("iliocostalis_lumborum", "trunk", 600.0, 0.2, 0.1019, 0.0, (
        ("Pelvis", -0.05, 0.06038, -0.14), ("Spine", -0.05, 0.10341, -0.06489),
        ("Torso", -0.06, 0.07298, -0.06489),)),
    ("longissimus_lumborum", "trunk", 400.0, 0.1, 0.0204, 0.0, (
        ("Pelvis", -0.03, 0.04038, -0.15), ("Spine", -0.03, 0.08341, -0.04489),)),
    ("longissimus_thoracis", "trunk", 500.0, 0.2, 0.1704, 0.0, (
        ("Pelvis", -0.03, 0.05038, -0.15), ("Spine", -0.03, 0.10341, -0.06489),
        ("Torso", -0.035, 0.13298, -0.06489),)),
    ("multifidus", "trunk", 400.0, 0.05, 0.051, 0.0, (
        ("Pelvis", -0.02, 0.03038, -0.14), ("Spine", -0.01, 0.05341, -0.05489),)),
    ("quadratus_lumborum", "trunk", 300.0, 0.08, 0.1579, 0.0, (
        ("Pelvis", -0.07, 0.06038, -0.1), ("Spine", -0.05, 0.10341, -0.01489),
        ("Torso", -0.06, 0.00798, -0.00489),)),
    ("trapezius_middle", "girdle", 300.0, 0.1, 0.0221, 0.0, (
        ("Torso", 0.0, 0.15298, -0.06489), ("Shoulder", -0.095, -0.00282, -0.15489),)),
    ("trapezius_lower", "girdle", 250.0, 0.12, 0.03, 0.0, (
        ("Torso", 0.0, 0.03298, -0.06489), ("Shoulder", -0.065, -0.02282, -0.16489),)),
    ("rhomboid", "girdle", 300.0, 0.08, 0.02, 0.0, (  # l_opt shortened
        ("Torso", 0.0, 0.13298, -0.06489), ("Shoulder", -0.055, -0.10282, -0.16489),)),
    ("serratus_ant_sup", "girdle", 300.0, 0.1002, 0.0251, 0.0, (  # l_opt shortened
        ("Torso", -0.11, 0.11298, 0.07511), ("Shoulder", -0.055, -0.04282, -0.14489),)),
    ("serratus_ant_inf", "girdle", 400.0, 0.1145, 0.0287, 0.0, (  # l_opt shortened
        ("Torso", -0.13, 0.03298, 0.08511), ("Torso", -0.13, 0.05298, -0.00489),
        ("Shoulder", -0.075, -0.13282, -0.14489),)),
    ("deltoid_ant", "glenohumeral", 1142.6, 0.0976, 0.0854, 22.0, (
        ("Shoulder", -0.125, 0.02718, -0.05489), ("Arm", -0.025, -0.00282, 0.03511),
        ("Arm", -0.015, -0.11282, 0.01011),)),
    ("deltoid_mid", "glenohumeral", 1142.6, 0.1078, 0.0705, 15.0, (
        ("Shoulder", -0.155, 0.03218, -0.08489), ("Arm", -0.035, 0.00718, 0.00011),
        ("Arm", -0.017, -0.12282, 0.00511),)),
    ("deltoid_post", "glenohumeral", 259.9, 0.1367, 0.041, 18.0, (
        ("Shoulder", -0.125, 0.01718, -0.14489), ("Arm", -0.025, -0.01282, -0.02989),
        ("Arm", -0.015, -0.11282, -0.00489),)),
    ("supraspinatus", "glenohumeral", 487.8, 0.0682, 0.0564, 7.0, (
        ("Shoulder", -0.075, 0.01718, -0.14489), ("Shoulder", -0.145, 0.03218, -0.09489),
        ("Arm", -0.02, 0.01718, 0.01011),)),
    ("infraspinatus", "glenohumeral", 1210.8, 0.0755, 0.0514, 19.0, (
        ("Shoulder", -0.075, -0.06282, -0.16489), ("Arm", -0.015, -0.00782, -0.01989),)),
    ("subscapularis", "glenohumeral", 1377.8, 0.0873, 0.0387, 20.0, (
        ("Shoulder", -0.075, -0.06282, -0.13489), ("Shoulder", -0.135, -0.01282, -0.06489),
        ("Arm", 0.005, -0.00782, 0.02511),)),
    ("teres_minor", "glenohumeral", 354.3, 0.0741, 0.0379, 24.0, (
        ("Shoulder", -0.105, -0.09282, -0.15489), ("Arm", -0.015, -0.02282, -0.01989),)),
    ("teres_major", "glenohumeral", 425.4, 0.1066, 0.0256, 16.0, (  # l_opt shortened
        ("Shoulder", -0.085, -0.14282, -0.15489), ("Arm", 0.01, -0.06282, 0.01511),)),
    ("pec_major_clav", "glenohumeral", 364.4, 0.1442, 0.0173, 17.0, (
        ("Shoulder", -0.035, 0.00718, -0.00489), ("Arm", -0.01, -0.05282, 0.02511),)),
    ("pec_major_stern", "glenohumeral", 515.4, 0.1385, 0.0996, 26.0, (
        ("Torso", -0.01, 0.11298, 0.14511), ("Torso", -0.12, 0.11298, 0.11511),
        ("Arm", -0.01, -0.06282, 0.02011),)),
    ("pec_major_rib", "glenohumeral", 390.6, 0.1385, 0.0932, 25.0, (
        ("Torso", -0.04, 0.03298, 0.15511), ("Torso", -0.12, 0.08298, 0.10511),
        ("Arm", -0.01, -0.05782, 0.01511),)),
    ("lat_dorsi_thor", "glenohumeral", 389.1, 0.2033, 0.0461, 25.0, (  # l_opt shortened
        ("Torso", 0.0, 0.07298, -0.06489), ("Torso", -0.12, 0.06298, -0.04489),
        ("Arm", 0.01, -0.05282, 0.02011),)),
    ("lat_dorsi_lumb", "glenohumeral", 389.1, 0.2324, 0.1108, 19.0, (
        ("Spine", 0.0, 0.08341, -0.06489), ("Torso", -0.13, 0.02298, -0.03489),
        ("Arm", 0.01, -0.04782, 0.02011),)),
    ("lat_dorsi_iliac", "glenohumeral", 281.7, 0.2789, 0.1183, 21.0, (
        ("Pelvis", -0.08, 0.06038, -0.12), ("Torso", -0.14, 0.00298, -0.01489),
        ("Arm", 0.01, -0.04282, 0.02011),)),
    ("coracobrachialis", "glenohumeral", 242.5, 0.0932, 0.0261, 0.0, (
        ("Shoulder", -0.115, -0.01282, -0.04489), ("Arm", 0.01, -0.12282, 0.01011),)),
    ("triceps_long", "elbow", 798.5, 0.134, 0.1214, 12.0, (
        ("Shoulder", -0.145, -0.02282, -0.10489), ("Arm", 0.0, -0.22282, -0.03489),
        ("Arm", 0.0, -0.26282, -0.03489), ("ForeArm", 0.0, 0.00725, -0.02489),)),
    ("triceps_lat", "elbow", 624.3, 0.1138, 0.0948, 9.0, (
        ("Arm", -0.01, -0.06282, -0.01489), ("Arm", -0.005, -0.25282, -0.02989),
        ("ForeArm", 0.0, 0.00725, -0.02489),)),
    ("triceps_med", "elbow", 624.3, 0.1138, 0.0331, 9.0, (
        ("Arm", 0.005, -0.12282, -0.01489), ("Arm", 0.0, -0.25282, -0.02489),
        ("ForeArm", 0.0, 0.00725, -0.02489),)),
    ("biceps_long", "elbow", 624.3, 0.1157, 0.2213, 0.0, (
        ("Shoulder", -0.15, 0.01718, -0.08489), ("Arm", -0.01, -0.02282, 0.02011),
        ("Arm", -0.005, -0.22282, 0.03011), ("ForeArm", -0.01, -0.03775, 0.01511),)),
    ("biceps_short", "elbow", 435.6, 0.1321, 0.1773, 0.0, (
        ("Shoulder", -0.115, -0.01282, -0.04489), ("Arm", 0.0, -0.12282, 0.03011),
        ("Arm", 0.0, -0.22282, 0.03011), ("ForeArm", -0.005, -0.03775, 0.01511),)),
    ("brachialis", "elbow", 987.3, 0.0858, 0.0557, 0.0, (
        ("Arm", 0.0, -0.16282, 0.01511), ("Arm", 0.002, -0.25282, 0.02211),
        ("ForeArm", 0.008, -0.02775, 0.01311),)),
    ("brachioradialis", "elbow", 261.3, 0.1726, 0.1585, 0.0, (
        ("Arm", -0.03, -0.20282, 0.01011), ("ForeArm", -0.035, -0.06775, 0.02011),
        ("ForeArm", -0.03, -0.25775, 0.00511),)),
    ("anconeus", "elbow", 350.0, 0.027, 0.0145, 0.0, (
        ("Arm", -0.03, -0.26782, -0.01489), ("ForeArm", -0.01, -0.02775, -0.02489),)),
    ("supinator", "elbow", 476.0, 0.033, 0.0202, 0.0, (
        ("Arm", -0.035, -0.27282, -0.00489), ("ForeArm", -0.025, -0.04775, 0.01011),)),
    ("pronator_teres", "elbow", 566.2, 0.0492, 0.0951, 10.0, (
        ("Arm", 0.035, -0.26282, 0.00511), ("ForeArm", -0.025, -0.11775, 0.01511),)),
    ("ext_carpi_rad_longus", "wrist", 304.9, 0.081, 0.2405, 0.0, (
        ("Arm", -0.035, -0.23282, 0.00511), ("ForeArm", -0.03, -0.22775, -0.00989),
        ("Hand", -0.02, -0.01519, -0.01189),)),
    ("ext_carpi_rad_brevis", "wrist", 100.5, 0.0585, 0.224, 9.0, (
        ("Arm", -0.035, -0.27282, -0.00489), ("ForeArm", -0.02, -0.22775, -0.01489),
        ("Hand", -0.01, -0.01519, -0.01289),)),
    ("ext_carpi_ulnaris", "wrist", 93.2, 0.0622, 0.226, 4.0, (
        ("Arm", -0.035, -0.27282, -0.00989), ("ForeArm", 0.025, -0.22775, -0.01489),
        ("Hand", 0.025, -0.01519, -0.00989),)),
    ("flex_carpi_rad", "wrist", 74.0, 0.0628, 0.223, 3.0, (
        ("Arm", 0.035, -0.27282, 0.01011), ("ForeArm", -0.015, -0.22775, 0.01511),
        ("Hand", -0.02, -0.01519, 0.01311),)),
    ("flex_carpi_ulnaris", "wrist", 128.9, 0.0509, 0.2262, 12.0, (
        ("Arm", 0.035, -0.27282, 0.00011), ("ForeArm", 0.025, -0.22775, 0.01011),
        ("Hand", 0.02, -0.01019, 0.01511),)),
)
# fmt: on
