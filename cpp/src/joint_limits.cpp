#include "exocore/joint_limits.hpp"

#include <cmath>
#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/DegreeOfFreedom.hpp>
#include <dart/dynamics/Joint.hpp>
#include <dart/dynamics/ShapeNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <stdexcept>

namespace exocore {

void disable_hard_joint_limits(dart::dynamics::Skeleton& skeleton) {
  for (std::size_t j = 0; j < skeleton.getNumJoints(); ++j) {
    dart::dynamics::Joint* joint = skeleton.getJoint(j);
    if (joint->getChildBodyNode()->getNumShapeNodesWith<dart::dynamics::CollisionAspect>() > 0) {
      continue;
    }
    joint->setLimitEnforcement(false);
  }
}

int update_soft_joint_limits(dart::dynamics::Skeleton& skeleton, const SoftLimitParams& params,
                             double dt) {
  if (!(params.stiffness >= 0.0) || !(params.damping >= 0.0) || !(dt >= 0.0)) {
    throw std::invalid_argument("soft joint limits: stiffness, damping and dt must be >= 0");
  }
  int engaged = 0;
  bool changed = false;
  for (std::size_t i = 0; i < skeleton.getNumDofs(); ++i) {
    dart::dynamics::DegreeOfFreedom* dof = skeleton.getDof(i);
    if (dof->getJoint()->areLimitsEnforced()) continue;
    const double next = dof->getPosition() + dt * dof->getVelocity();
    const double lower = dof->getPositionLowerLimit(), upper = dof->getPositionUpperLimit();
    double stiffness = 0.0, damping = 0.0, rest = 0.0;
    if (std::isfinite(lower) && next < lower) {
      stiffness = params.stiffness, damping = params.damping, rest = lower;
    } else if (std::isfinite(upper) && next > upper) {
      stiffness = params.stiffness, damping = params.damping, rest = upper;
    }
    engaged += stiffness > 0.0 ? 1 : 0;
    changed = changed || stiffness != dof->getSpringStiffness() ||
              damping != dof->getDampingCoefficient();
    dof->setSpringStiffness(stiffness);
    dof->setRestPosition(rest);
    dof->setDampingCoefficient(damping);
  }
  // Springs and damping enter DART's implicit articulated inertia, which their setters
  // do not mark stale.
  if (changed) {
    for (std::size_t tree = 0; tree < skeleton.getNumTrees(); ++tree) {
      skeleton.dirtyArticulatedInertia(tree);
    }
  }
  return engaged;
}

}  // namespace exocore
