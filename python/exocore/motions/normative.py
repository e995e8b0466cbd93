"""Normative sagittal joint angles of adults, tabulated every 5 % of the cycle.

Every table starts at initial contact of the reference foot (0 %) and ends at its next
initial contact (100 %). Angles are anatomical, in degrees: hip flexion +, knee flexion
+, ankle dorsiflexion + (the model's signs are applied in `gait.py`).

What these numbers are: rounded (about 1 deg) readings at 5 % steps of the ensemble-mean
curves of the sources below, not the authors' digital files (which are not reproduced
here). What was checked: each curve's characteristic values - peaks and their timing,
contact fraction - against values the sources state in their text or tables; the checks
run in tests/python/motions/test_generate.py, with the published ranges and where they
come from. Changes after that check: the walking push-off was 3 % late (plantarflexion
-9 deg at toe-off, peak at 65 %); it now reaches about -13 deg at toe-off (60 %) and its
peak near 62 %, as Winter 2009 and Perry & Burnfield 2010 describe (15-20 deg of
plantarflexion at the end of pre-swing).

Sources
- Walking (natural cadence, about 1.3 m/s): Winter D A (2009) Biomechanics and Motor
  Control of Human Movement, 4th ed., Wiley, ch. 4 and Appendix A (normal-cadence hip,
  knee and ankle angles); Kadaba M P, Ramakrishnan H K, Wootten M E (1990) J Orthop Res
  8:383-392; Perry J, Burnfield J M (2010) Gait Analysis, 2nd ed., SLACK (hip 20-30 deg
  flexion at initial contact, ~10 deg extension at 50 %, peak flexion at ~85 %; knee
  15-20 deg in loading response, ~40 deg at toe-off, 60-70 deg in mid-swing).
- Running (about 3 m/s): Novacheck T F (1998) Gait Posture 7:77-95 (jogging: toe-off at
  about 39 % of the cycle; knee ~40 deg at mid-stance and ~90 deg in swing; ankle peak
  dorsiflexion in mid-stance, ~20 deg plantarflexion after toe-off); Fukuchi R K,
  Fukuchi C A, Duarte M (2017) PeerJ 5:e3298 (2.5-4.5 m/s: ranges of motion grow with
  speed).
- Stair ascent (step-over-step, rise about 0.17 m, tread about 0.28 m): Riener R,
  Rabuffetti M, Frigo C (2002) Gait Posture 15:32-44 (24/30/42 deg staircases; the foot
  lands forefoot first); Protopapadaki A, Drechsler W I, Cramp M C, Coutts F J, Scott O M
  (2007) Clin Biomech 22:203-210 (rise 18 cm, tread 28.5 cm). Characteristic values:
  lead-limb peak hip flexion 66.3 deg and knee flexion 90.5 deg on a 20.3 cm step
  (Physiotherapy, 2009: "Hip and knee flexion of lead and trail limbs during ascent of
  a step of different heights by normal adults"); on 17 cm stairs, 20 adults: minimum
  hip flexion 9.6 +- 7.2 deg and knee flexion 7.5 +- 4.4 deg in terminal stance/pre-
  swing, peak ankle dorsiflexion 15.8 +- 3.7 deg, cadence 71.9 +- 7.2 steps/min (J Phys
  Med Rehabil 2:231, table 3, omicsonline.org/JPMRimages/2329-9096-2-231-t003.html).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PERCENT = np.arange(0.0, 101.0, 5.0)


@dataclass(frozen=True)
class SagittalTable:
    """Hip, knee and ankle angles [deg] at PERCENT of the cycle, with the contact
    fraction (stance / cycle) and the speed the table stands for."""

    name: str
    hip_flexion: tuple[float, ...]
    knee_flexion: tuple[float, ...]
    ankle_dorsiflexion: tuple[float, ...]
    stance_fraction: float
    reference_speed: float
    source: str

    def curve(self, joint: str) -> np.ndarray:
        """'hip', 'knee' or 'ankle' as an array of degrees at PERCENT."""
        return np.asarray(
            {
                "hip": self.hip_flexion,
                "knee": self.knee_flexion,
                "ankle": self.ankle_dorsiflexion,
            }[joint],
            dtype=float,
        )


# fmt: off
WALK = SagittalTable(
    name="walk",
    # 0    5   10   15   20   25   30   35   40   45   50   55   60   65   70   75   80
    # 85   90   95  100 %
    hip_flexion=(30, 30, 28, 24, 19, 14, 9, 4, 0, -4, -8, -10, -6, 3, 13, 21, 27, 31, 33, 32, 30),
    knee_flexion=(3, 10, 16, 18, 16, 12, 8, 5, 4, 6, 11, 21, 35, 50, 59, 60, 53, 39, 22, 8, 3),
    ankle_dorsiflexion=(0, -4, -6, -3, 1, 4, 6, 8, 9, 10, 9, 0, -13, -18, -11, -6, -2, 0, 1, 1, 0),
    stance_fraction=0.60,
    reference_speed=1.30,
    source="Winter 2009; Kadaba 1990; Perry & Burnfield 2010",
)

RUN = SagittalTable(
    name="run",
    hip_flexion=(35, 31, 25, 19, 12, 5, -1, -6, -9, -8, -2, 8, 18, 27, 35, 41, 45, 46, 44, 40, 35),
    knee_flexion=(20, 32, 40, 42, 38, 32, 26, 22, 23, 30, 42, 57, 72, 84, 90, 88, 78, 62, 42, 26, 20),  # noqa: E501
    ankle_dorsiflexion=(3, 10, 17, 21, 20, 14, 5, -8, -18, -20, -14, -6, 0, 4, 7, 8, 8, 7, 6, 4, 3),
    stance_fraction=0.38,
    reference_speed=3.0,
    source="Novacheck 1998; Fukuchi 2017",
)

STAIRS = SagittalTable(
    name="stairs",
    hip_flexion=(60, 58, 54, 48, 42, 36, 30, 25, 20, 16, 12, 9, 8, 12, 25, 40, 52, 60, 64, 63, 60),
    knee_flexion=(60, 62, 58, 50, 42, 34, 27, 21, 16, 12, 10, 10, 14, 28, 50, 75, 90, 93, 85, 72, 60),  # noqa: E501
    ankle_dorsiflexion=(0, 6, 12, 15, 15, 13, 11, 9, 7, 4, 0, -7, -15, -18, -8, 4, 12, 15, 12, 6, 0),  # noqa: E501
    stance_fraction=0.62,
    reference_speed=0.0,
    source="Riener 2002; Protopapadaki 2007",
)

# fmt: on

TABLES = {"walk": WALK, "run": RUN, "stairs": STAIRS}
