// Soft joint limits: a stiff spring-damper that engages only beyond a dof's position
// limit, carried by DART's joint springs, which its articulated-body pass integrates
// implicitly (stable at any stiffness, even on 10 g toe segments at 600 Hz). They
// replace DART's hard limit constraints, whose LCP rows cost one O(n) impulse pass
// each and made up ~1/4 of a substep while a body folds (see benchmarks/).
#pragma once

namespace dart::dynamics {
class Skeleton;
}

namespace exocore {

struct SoftLimitParams {
  double stiffness = 5000.0;  ///< N m/rad past the limit (N/m for prismatic dofs)
  double damping = 50.0;      ///< N m s/rad while engaged
};

/// Turns off DART's hard limit constraints of every joint whose child body does not
/// collide; the limits stay stored. Joints of colliding bodies (feet, toes) keep hard
/// limits: a contact is a hard constraint too, and DART's contact solve does not see
/// joint springs, so it could press such a body far past a soft limit.
void disable_hard_joint_limits(dart::dynamics::Skeleton& skeleton);

/// For every dof whose joint has its hard limits off: engages the limit spring where
/// the next position q + dt q' lies beyond a finite limit (rest position = that limit)
/// and disengages it elsewhere, overwriting the joint's spring and damping. Returns
/// how many dofs are engaged.
int update_soft_joint_limits(dart::dynamics::Skeleton& skeleton, const SoftLimitParams& params,
                             double dt);

}  // namespace exocore
