"""Published normative sagittal joint angles of adults, tabulated every 5 % of the cycle.

Every table starts at initial contact of the reference foot (0 %) and ends at its next
initial contact (100 %). Angles are anatomical, in degrees: hip flexion +, knee flexion
+, ankle dorsiflexion + (the model's signs are applied in `gait.py`). The values are
rounded (to about 1 deg) readings of the published ensemble-mean curves at 5 % steps, not
the authors' digital files; timing and peak values were checked against the
characteristic values each source reports in its text and tables.

Sources
- Walking (natural cadence, about 1.3 m/s): Winter DA (2009) Biomechanics and Motor
  Control of Human Movement, 4th ed., Wiley, Appendix A (normal-cadence hip, knee and
  ankle angles); Kadaba MP, Ramakrishnan HK, Wootten ME (1990) J Orthop Res 8:383-392
  (pelvis and hip frontal/transverse ranges); Fukuchi CA, Fukuchi RK, Duarte M (2018)
  PeerJ 6:e4640 (speed effects, 0.4-1.9 m/s treadmill walking).
- Running (about 3 m/s): Novacheck TF (1998) Gait Posture 7:77-95 (jogging/running
  curves); Fukuchi RK, Fukuchi CA, Duarte M (2017) PeerJ 5:e3298 (2.5-4.5 m/s).
- Stair ascent (step-over-step, rise about 0.17 m, run about 0.29 m):
  Riener R, Rabuffetti M, Frigo C (2002) Gait Posture 15:32-44 (30 deg staircase);
  Protopapadaki A, Drechsler WI, Cramp MC, Coutts FJ, Scott OM (2007) Clin Biomech
  22:203-210.
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
    ankle_dorsiflexion=(0, -4, -6, -3, 1, 4, 6, 8, 9, 10, 9, 3, -9, -17, -12, -6, -2, 0, 1, 1, 0),
    stance_fraction=0.60,
    reference_speed=1.30,
    source="Winter 2009 App. A; Kadaba 1990; Fukuchi 2018",
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
