"""Lower-limb musculotendon units of the right leg: 54 per side, 108 in all.

Sources. Attachment points, F_max, optimal fibre length, tendon slack length and
pennation of 41 units are those of Delp et al. (1990) IEEE TBME 37:757-767 as published
in OpenSim's gait2392 model (Thelen2003Muscle version; gemellus and soleus split in two
halves of F_max with origins 1.2 cm apart). Conditional via points active in the
standing pose are kept as fixed points, those active only in deep flexion are dropped;
the quadriceps insertions (MovingPathPoints on the patella, which the model lacks) are
fixed on the tibia: gait2392's 0-deg location moved 1.6 cm posterior and 1.0 cm down, so
that with the fixed knee centre the knee-extension moment arm stays within in-vivo data
over 0-65 deg (effective quadriceps moment arm 31.5-47.1 mm at 10-50 deg: "The effective
quadriceps and patellar tendon moment arms relative to the tibiofemoral finite helical
axis", J Biomech, PMC4662057; patellar tendon 36-43 mm at 0-60 deg by MRI, Arch Bone Jt
Surg, abjs.mums.ac.ir article 16466); at the 0-deg location it was 5.6-6.4 cm.
Eleven units that gait2392 lacks are added from anatomical descriptions
(obturator internus and externus, plantaris, popliteus, five intrinsic foot muscles,
gemellus and soleus halves); their tendon slack length (rows marked "l_s derived") puts
the fibre at optimal length in the standing pose. These additions are approximate.

Strength: the F_max column is the source's. When the model is built, the F_max of the
knee flexors, the plantarflexors and the dorsiflexors is multiplied by one factor per
group (STRENGTH_CALIBRATION, below the table), calibrated to the peak isometric joint
moments of young adults of Anderson et al. 2007 (J Biomech 40:3105-3113, Table 3): with
the table's F_max the model's knee-flexion, plantarflexion and dorsiflexion peaks were
13-34 % above the upper end of the young-adult range.

Frames: points are given in our body frames at gait2392's reference size (stature
1.80 m: femur 0.396 m, tibia 0.430 m, foot 0.2553 m), axes x left, y up, z forward, with
origins at the joint centres of skeleton.py; the OpenSim calcaneus and toes frames are
folded into Talus, FootThumb (hallux) and FootPinky (lateral toes). The builder scales
each point by its body's scale factor (skeleton.Geometry.scale) and mirrors x for the
left leg.

Row: (name, group, F_max [N], l_opt [m], l_s [m], pennation [deg], path), path =
((body, x, y, z), ...), body without the side suffix.
"""

# fmt: off
LEG_MUSCLES = (
    ("glut_med1", "gluteus_medius", 819.0, 0.0535, 0.078, 8.0, (
        ("Pelvis", -0.1209, 0.0304, -0.0408), ("Femur", -0.0555, -0.0117, -0.0218),)),
    ("glut_med2", "gluteus_medius", 573.0, 0.0845, 0.053, 0.0, (
        ("Pelvis", -0.0766, 0.0445, -0.0855), ("Femur", -0.0527, -0.0058, -0.0258),)),
    ("glut_med3", "gluteus_medius", 653.0, 0.0646, 0.053, 19.0, (
        ("Pelvis", -0.0648, 0.0105, -0.1223), ("Femur", -0.0518, -0.0047, -0.0309),)),
    ("glut_min1", "gluteus_minimus", 270.0, 0.068, 0.016, 10.0, (
        ("Pelvis", -0.1056, -0.008, -0.0467), ("Femur", -0.056, -0.0104, -0.0072),)),
    ("glut_min2", "gluteus_minimus", 285.0, 0.056, 0.026, 0.0, (
        ("Pelvis", -0.0991, -0.0065, -0.0633), ("Femur", -0.056, -0.0104, -0.0096),)),
    ("glut_min3", "gluteus_minimus", 323.0, 0.038, 0.051, 1.0, (
        ("Pelvis", -0.0856, -0.0063, -0.0834), ("Femur", -0.055, -0.0083, -0.0135),)),
    ("semimem", "hamstrings", 1288.0, 0.08, 0.359, 15.0, (
        ("Pelvis", -0.07151, -0.09747, -0.1192), ("Tibia", 0.01891, -0.03519, -0.0348),
        ("Tibia", 0.01957, -0.04771, -0.027),)),
    ("semiten", "hamstrings", 410.0, 0.201, 0.2555, 5.0, (
        ("Pelvis", -0.06039, -0.10988, -0.12635), ("Tibia", 0.02277, -0.02859, -0.04203),
        ("Tibia", 0.02288, -0.05282, -0.03322), ("Tibia", 0.0245, -0.0746, -0.0113),
        ("Tibia", 0.0193, -0.0956, 0.0027),)),
    ("bifemlh", "hamstrings", 896.0, 0.109, 0.326, 0.0, (
        ("Pelvis", -0.06944, -0.10257, -0.12596), ("Tibia", -0.02943, -0.036, -0.0301),
        ("Tibia", -0.0343, -0.0563, -0.0234),)),
    ("bifemsh", "biceps_femoris_short", 804.0, 0.173, 0.089, 23.0, (
        ("Femur", -0.0234, -0.2111, 0.005), ("Tibia", -0.02943, -0.036, -0.0301),
        ("Tibia", -0.0343, -0.0563, -0.0234),)),
    ("sar", "sartorius", 156.0, 0.52, 0.1, 0.0, (
        ("Pelvis", -0.1242, -0.0013, -0.0153), ("Femur", 0.0421, -0.3568, -0.003),
        ("Tibia", 0.0399, -0.0419, -0.0056), ("Tibia", 0.0383, -0.0589, 0.006),
        ("Tibia", 0.0252, -0.084, 0.0243),)),
    ("add_long", "adductors", 627.0, 0.138, 0.11, 6.0, (
        ("Pelvis", -0.0169, -0.0836, -0.0316), ("Femur", -0.0234, -0.2111, 0.005),)),
    ("add_brev", "adductors", 429.0, 0.133, 0.02, 0.0, (
        ("Pelvis", -0.0164, -0.0915, -0.0587), ("Femur", -0.0294, -0.1196, 0.0009),)),
    ("add_mag1", "adductors", 381.0, 0.087, 0.06, 5.0, (
        ("Pelvis", -0.0255, -0.1174, -0.0732), ("Femur", -0.0339, -0.1211, -0.0045),)),
    ("add_mag2", "adductors", 343.0, 0.121, 0.12, 3.0, (
        ("Pelvis", -0.0308, -0.1192, -0.0831), ("Femur", -0.0227, -0.2285, 0.0054),)),
    ("add_mag3", "adductors", 488.0, 0.131, 0.249, 5.0, (
        ("Pelvis", -0.04882, -0.11413, -0.11108), ("Femur", 0.0266, -0.3837, 0.007),)),
    ("tfl", "tensor_fasciae_latae", 233.0, 0.095, 0.425, 3.0, (
        ("Pelvis", -0.1241, 0.0214, -0.0311), ("Femur", -0.0597, -0.0995, 0.0294),
        ("Femur", -0.0357, -0.4049, 0.0054), ("Tibia", -0.0297, -0.0487, 0.006),)),
    ("pect", "adductors", 266.0, 0.1, 0.033, 0.0, (
        ("Pelvis", -0.0451, -0.0768, -0.0431), ("Femur", -0.0253, -0.0822, -0.0122),)),
    ("grac", "gracilis", 162.0, 0.352, 0.126, 3.0, (
        ("Pelvis", -0.02794, -0.1187, -0.07401), ("Tibia", 0.03774, -0.0319, -0.02657),
        ("Tibia", 0.0358, -0.05153, -0.01943), ("Tibia", 0.0228, -0.0836, 0.006),)),
    ("glut_max1", "gluteus_maximus", 573.0, 0.142, 0.125, 5.0, (
        ("Pelvis", -0.07, 0.0612, -0.1195), ("Pelvis", -0.0886, 0.0012, -0.1291),
        ("Femur", -0.0392, -0.0248, -0.0457), ("Femur", -0.047, -0.0566, -0.0277),)),
    ("glut_max2", "gluteus_maximus", 819.0, 0.147, 0.127, 0.0, (
        ("Pelvis", -0.0563, 0.0176, -0.1349), ("Pelvis", -0.0914, -0.052, -0.1376),
        ("Femur", -0.0293, -0.053, -0.0426), ("Femur", -0.0419, -0.1016, -0.0156),)),
    ("glut_max3", "gluteus_maximus", 552.0, 0.144, 0.145, 5.0, (
        ("Pelvis", -0.0058, -0.0314, -0.1556), ("Pelvis", -0.0403, -0.1052, -0.1529),
        ("Femur", -0.0135, -0.1041, -0.0299), ("Femur", -0.0411, -0.1419, -0.006),)),
    ("iliacus", "iliopsoas", 1073.0, 0.1, 0.1, 7.0, (
        ("Pelvis", -0.0854, 0.0365, -0.0674), ("Pelvis", -0.0811, -0.055, -0.0258),
        ("Pelvis", -0.0816, -0.0805, -0.0288), ("Femur", -0.0057, -0.0543, 0.0017),
        ("Femur", -0.0129, -0.0621, -0.0193),)),
    ("psoas", "iliopsoas", 1113.0, 0.1, 0.16, 8.0, (
        ("Pelvis", -0.0289, 0.0887, -0.0647), ("Pelvis", -0.0759, -0.057, -0.0238),
        ("Pelvis", -0.0816, -0.0805, -0.0288), ("Femur", -0.0038, -0.0507, 0.0016),
        ("Femur", -0.0104, -0.0597, -0.0188),)),
    ("quad_fem", "hip_rotators", 381.0, 0.054, 0.024, 0.0, (
        ("Pelvis", -0.052, -0.1151, -0.1143), ("Femur", -0.0366, -0.0359, -0.0381),)),
    ("gem_sup", "hip_rotators", 82.0, 0.024, 0.039, 0.0, (
        ("Pelvis", -0.0714, -0.076, -0.1133), ("Femur", -0.0443, -0.0033, -0.0142),)),
    ("gem_inf", "hip_rotators", 82.0, 0.024, 0.039, 0.0, (
        ("Pelvis", -0.0714, -0.088, -0.1133), ("Femur", -0.0443, -0.0033, -0.0142),)),
    ("peri", "hip_rotators", 444.0, 0.026, 0.115, 10.0, (
        ("Pelvis", -0.0235, 0.0003, -0.1396), ("Pelvis", -0.0657, -0.0276, -0.1193),
        ("Femur", -0.0437, -0.0036, -0.0148),)),
    ("obt_int", "hip_rotators", 254.0, 0.04, 0.0806, 0.0, (  # l_s derived
        ("Pelvis", -0.05, -0.1, -0.08), ("Pelvis", -0.068, -0.082, -0.122),
        ("Femur", -0.0443, -0.0033, -0.0142),)),
    ("obt_ext", "hip_rotators", 300.0, 0.05, 0.0492, 0.0, (  # l_s derived
        ("Pelvis", -0.045, -0.105, -0.065), ("Femur", -0.03, -0.02, -0.025),
        ("Femur", -0.045, -0.005, -0.02),)),
    ("rect_fem", "quadriceps", 1169.0, 0.114, 0.31, 5.0, (
        ("Pelvis", -0.0968, -0.0311, -0.0295), ("Tibia", -0.0014, 0.01098, 0.04576),)),
    ("vas_med", "quadriceps", 1294.0, 0.089, 0.126, 5.0, (
        ("Femur", -0.0188, -0.2099, 0.014), ("Femur", -0.0009, -0.2769, 0.0356),
        ("Tibia", 0.0146, 0.01179, 0.03996),)),
    ("vas_int", "quadriceps", 1365.0, 0.087, 0.136, 3.0, (
        ("Femur", -0.031, -0.1924, 0.029), ("Femur", -0.0285, -0.2084, 0.0335),
        ("Tibia", -0.0018, 0.01529, 0.03946),)),
    ("vas_lat", "quadriceps", 1871.0, 0.084, 0.157, 5.0, (
        ("Femur", -0.0349, -0.1854, 0.0048), ("Femur", -0.0409, -0.2591, 0.0269),
        ("Tibia", -0.0165, 0.00959, 0.04396),)),
    ("med_gas", "gastrocnemius", 1558.0, 0.06, 0.39, 17.0, (
        ("Femur", 0.0235, -0.3929, -0.019), ("Femur", 0.0258, -0.4022, -0.03),
        ("Talus", -0.00262, -0.01095, -0.04877),)),
    ("lat_gas", "gastrocnemius", 683.0, 0.064, 0.38, 8.0, (
        ("Femur", -0.0272, -0.3946, -0.022), ("Femur", -0.0274, -0.4018, -0.03),
        ("Talus", -0.00262, -0.01095, -0.04877),)),
    ("plantaris", "gastrocnemius", 100.0, 0.05, 0.4066, 0.0, (  # l_s derived
        ("Femur", -0.025, -0.385, -0.02), ("Femur", -0.02, -0.401, -0.03),
        ("Talus", 0.00038, -0.01095, -0.04877),)),
    ("soleus_med", "soleus", 1775.0, 0.05, 0.25, 25.0, (
        ("Tibia", 0.003, -0.1533, -0.0024), ("Talus", -0.00262, -0.01095, -0.04877),)),
    ("soleus_lat", "soleus", 1775.0, 0.05, 0.25, 25.0, (
        ("Tibia", -0.017, -0.1533, -0.0024), ("Talus", -0.00262, -0.01095, -0.04877),)),
    ("popliteus", "popliteus", 300.0, 0.03, 0.0575, 0.0, (  # l_s derived
        ("Femur", -0.04, -0.405, 0.0), ("Tibia", 0.015, -0.07, -0.025),)),
    ("tib_post", "ankle_deep_flexors", 1588.0, 0.031, 0.31, 12.0, (
        ("Tibia", -0.0019, -0.1348, -0.0094), ("Tibia", 0.0229, -0.4051, -0.0144),
        ("Talus", 0.02068, -0.00855, -0.00707), ("Talus", 0.02018, -0.02605, 0.02843),)),
    ("flex_dig", "ankle_deep_flexors", 310.0, 0.034, 0.4, 7.0, (
        ("Tibia", 0.0018, -0.2046, -0.0083), ("Tibia", 0.0196, -0.4051, -0.0154),
        ("Talus", 0.02008, -0.01045, -0.00517), ("Talus", 0.01838, -0.02435, 0.02203),
        ("Talus", -0.01952, -0.05005, 0.11703), ("FootPinky", 0.0053, -0.0078, 0.0031),
        ("FootPinky", -0.0015, -0.0071, 0.0335), ("FootPinky", -0.0042, -0.006, 0.0491),)),
    ("flex_hal", "ankle_deep_flexors", 322.0, 0.043, 0.38, 10.0, (
        ("Tibia", -0.0244, -0.2334, -0.0079), ("Tibia", 0.0174, -0.4079, -0.0186),
        ("Talus", 0.01618, -0.01435, -0.01137), ("Talus", 0.01768, -0.03515, 0.05503),
        ("Talus", 0.01898, -0.04725, 0.12383), ("FootThumb", 0.0045, -0.0064, 0.0155),
        ("FootThumb", -0.0039, -0.0102, 0.0562),)),
    ("tib_ant", "dorsiflexors", 905.0, 0.098, 0.223, 5.0, (
        ("Tibia", -0.0115, -0.1624, 0.0179), ("Tibia", 0.0177, -0.3951, 0.0329),
        ("Talus", 0.02258, -0.02415, 0.06783),)),
    ("per_brev", "peronei", 435.0, 0.05, 0.161, 5.0, (
        ("Tibia", -0.0325, -0.2646, -0.007), ("Tibia", -0.0283, -0.4184, -0.0198),
        ("Tibia", -0.0289, -0.4295, -0.0144), ("Talus", -0.03122, -0.01495, -0.00167),
        ("Talus", -0.04222, -0.02005, 0.01893),)),
    ("per_long", "peronei", 943.0, 0.049, 0.345, 10.0, (
        ("Tibia", -0.0362, -0.1568, 0.0005), ("Tibia", -0.0286, -0.4205, -0.0207),
        ("Tibia", -0.0289, -0.4319, -0.0162), ("Talus", -0.03002, -0.01895, -0.00497),
        ("Talus", -0.03632, -0.03135, 0.01933), ("Talus", -0.01972, -0.03505, 0.03643),
        ("Talus", 0.01048, -0.03345, 0.07153),)),
    ("per_tert", "peronei", 180.0, 0.079, 0.1, 13.0, (
        ("Tibia", -0.0231, -0.2804, 0.001), ("Tibia", -0.0159, -0.4069, 0.0229),
        ("Talus", -0.03782, -0.01915, 0.03693),)),
    ("ext_dig", "dorsiflexors", 512.0, 0.102, 0.345, 8.0, (
        ("Tibia", -0.0276, -0.1381, 0.0032), ("Tibia", -0.0072, -0.4007, 0.0289),
        ("Talus", -0.00782, -0.00315, 0.04343), ("Talus", -0.02092, -0.03645, 0.11283),
        ("FootPinky", 0.0047, 0.0047, 0.0053), ("FootPinky", -0.005, -0.0004, 0.0493),)),
    ("ext_hal", "dorsiflexors", 162.0, 0.111, 0.305, 6.0, (
        ("Tibia", -0.0228, -0.1767, 0.0012), ("Tibia", 0.0085, -0.3985, 0.0326),
        ("Talus", 0.01318, -0.00305, 0.04823), ("Talus", 0.01778, -0.01105, 0.08053),
        ("Talus", 0.02008, -0.02805, 0.12463), ("FootThumb", 0.0025, 0.0041, 0.0298),
        ("FootThumb", -0.0034, 0.0034, 0.0563),)),
    ("flex_dig_brev", "foot_intrinsic", 200.0, 0.045, 0.1246, 0.0, (  # l_s derived
        ("Talus", -0.00792, -0.05395, -0.00877), ("Talus", -0.01992, -0.05395, 0.11123),
        ("FootPinky", 0.005, -0.008, 0.035),)),
    ("abd_hal", "foot_intrinsic", 250.0, 0.06, 0.104, 0.0, (  # l_s derived
        ("Talus", 0.01708, -0.04695, -0.01377), ("Talus", 0.02208, -0.04995, 0.11123),
        ("FootThumb", 0.008, -0.006, 0.02),)),
    ("flex_hal_brev", "foot_intrinsic", 180.0, 0.03, 0.0646, 0.0, (  # l_s derived
        ("Talus", 0.00708, -0.04695, 0.05123), ("Talus", 0.01608, -0.05195, 0.12123),
        ("FootThumb", 0.002, -0.008, 0.015),)),
    ("ext_dig_brev", "foot_intrinsic", 100.0, 0.05, 0.0805, 0.0, (  # l_s derived
        ("Talus", -0.03792, -0.02695, 0.02123), ("Talus", -0.02792, -0.03195, 0.11123),
        ("FootPinky", 0.005, 0.004, 0.025),)),
    ("abd_dig_min", "foot_intrinsic", 100.0, 0.05, 0.1099, 0.0, (  # l_s derived
        ("Talus", -0.03292, -0.04695, -0.01877), ("Talus", -0.04792, -0.04695, 0.10123),
        ("FootPinky", -0.015, -0.004, 0.015),)),
)
# fmt: on

# Strength calibration: one F_max factor per functional group, applied to the table's
# F_max (above, as published) when the model is built (muscles.human_muscles). Target:
# Anderson, Madigan & Nussbaum 2007, J Biomech 40:3105-3113, Table 3, peak isometric
# joint torque of 18-25-year-old adults / (body weight x height); the young-adult range
# runs from the lower of the men's and women's mean - 2 SD to the higher mean + 2 SD.
# Dynamometry underestimates what the muscles can produce: healthy adults do not fully
# activate their muscles in a maximal voluntary effort (Shield & Zhou 2004, Sports Med
# 34:253-267; voluntary activation ~90 %, Kooistra et al. 2007, Eur J Appl Physiol
# 100:309-320) and antagonists co-contract. Each group is therefore scaled so that the
# model's peak, the full-activation moment of the right leg swept over the joint angle
# with the other joints at zero (tests/python/models/test_isometric_strength.py), is
# about 90 % of the range's upper bound, not its mean. Moments below are for the default
# 72 kg, 1.70 m subject (BW x H = 1200.7 N m). A group holds every unit that acts in the
# group's direction at the peak; the gastrocnemius (with plantaris), which also flexes the
# knee, belongs to the plantarflexors, and the knee-flexor factor was set with it already
# scaled. Directions not listed pass unscaled (hip extension 316 -> 294 N m after the
# hamstrings' factor, upper bound 330; hip flexion 176, upper 232; knee extension 221,
# upper 292).
# fmt: off
STRENGTH_CALIBRATION: dict[str, tuple[float, tuple[str, ...]]] = {
    # Knee flexion: model peak 159 N m (0.132 BW*H) at 15 deg; range 0.050-0.117 BW*H
    # (60-140 N m); target ~0.9 x 140 = 126 N m; 0.85 gives 126 N m (0.105 BW*H).
    # Popliteus is left out: this model's approximate popliteus path extends the knee
    # slightly (~2 N m over 0-90 deg).
    "knee_flexors": (0.85, ("semimem", "semiten", "bifemlh", "bifemsh", "sar", "grac")),
    # Ankle plantarflexion: model peak 276 N m (0.230 BW*H) at 0 deg; range 0.036-0.172
    # BW*H (43-207 N m); target ~0.9 x 207 = 186 N m; 0.67 gives 185 N m (0.154 BW*H).
    "plantarflexors": (0.67, (
        "med_gas", "lat_gas", "plantaris", "soleus_med", "soleus_lat",
        "tib_post", "flex_dig", "flex_hal", "per_brev", "per_long",
    )),
    # Ankle dorsiflexion: model peak 66 N m (0.055 BW*H) at 0 deg; range 0.015-0.043
    # BW*H (18-52 N m); target ~0.9 x 52 = 46 N m; 0.71 gives 47 N m (0.039 BW*H).
    "dorsiflexors": (0.71, ("tib_ant", "ext_dig", "ext_hal", "per_tert")),
}
# fmt: on

# Row name -> F_max factor (1 for units outside the calibrated groups).
LEG_FORCE_CALIBRATION: dict[str, float] = {
    name: factor for factor, names in STRENGTH_CALIBRATION.values() for name in names
}
