#include "exocore/balance.hpp"

#include <algorithm>
#include <cmath>
#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/BoxShape.hpp>
#include <dart/dynamics/Joint.hpp>
#include <dart/dynamics/ShapeNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <dart/math/Geometry.hpp>
#include <limits>

#include "exocore/env_model.hpp"

namespace exocore {
namespace {

constexpr double kGravity = 9.81;

Eigen::Vector2d horizontal(const Eigen::Vector3d& v) { return {v.x(), v.z()}; }

// Rotation of a hip ball joint's child relative to its parent frames, from the
// world orientations of the pelvis and the thigh: R(q) = Rpj^T Rp^T Rt Rcj.
Eigen::Matrix3d hip_rotation(const dart::dynamics::Joint& hip, const Eigen::Matrix3d& pelvis,
                             const Eigen::Matrix3d& thigh) {
  return hip.getTransformFromParentBodyNode().linear().transpose() * pelvis.transpose() * thigh *
         hip.getTransformFromChildBodyNode().linear();
}

// A corner of a foot's collision box, in the frame of the body it belongs to.
struct SoleCorner {
  const dart::dynamics::BodyNode* body;
  Eigen::Vector3d local;
};

// The box corners of the foot body and of its children (the toes, which stay down
// while the heel rises in push-off).
std::vector<SoleCorner> sole_corners(const dart::dynamics::BodyNode& foot) {
  std::vector<const dart::dynamics::BodyNode*> parts{&foot};
  for (std::size_t k = 0; k < foot.getNumChildBodyNodes(); ++k) {
    parts.push_back(foot.getChildBodyNode(k));
  }
  std::vector<SoleCorner> corners;
  for (const auto* part : parts) {
    for (std::size_t k = 0; k < part->getNumShapeNodes(); ++k) {
      const auto* node = part->getShapeNode(k);
      const auto* box = dynamic_cast<const dart::dynamics::BoxShape*>(node->getShape().get());
      if (box == nullptr) continue;
      const Eigen::Vector3d half = 0.5 * box->getSize();
      for (int c = 0; c < 8; ++c) {
        const Eigen::Vector3d sign((c & 1) ? 1.0 : -1.0, (c & 2) ? 1.0 : -1.0,
                                   (c & 4) ? 1.0 : -1.0);
        corners.push_back({part, node->getRelativeTransform() * half.cwiseProduct(sign)});
      }
    }
  }
  return corners;
}

// Double support: the trailing foot (planted in the sample before) hands its share
// to the leading one linearly over the interval, as the ground force does in gait
// (Ren, Jones and Howard 2008); an interval at the very start keeps even shares.
void hand_over_double_support(Eigen::MatrixXd& stance) {
  const Eigen::Index rows = stance.rows();
  const auto both = [&](Eigen::Index r) { return stance(r, 0) > 0.0 && stance(r, 1) > 0.0; };
  for (Eigen::Index start = 0; start < rows;) {
    if (!both(start)) {
      ++start;
      continue;
    }
    Eigen::Index end = start;
    while (end < rows && both(end)) ++end;
    if (start > 0) {
      const int trailing = stance(start - 1, 0) > 0.0 ? 0 : 1;
      if (stance(start - 1, trailing) > 0.0) {
        for (Eigen::Index r = start; r < end; ++r) {
          const double u =
              (static_cast<double>(r - start) + 0.5) / static_cast<double>(end - start);
          stance(r, trailing) = 1.0 - u;
          stance(r, 1 - trailing) = u;
        }
      }
    }
    start = end;
  }
}

// Stance leg `side` pushes the body with `force` [N] through the sole point below
// the COM: generalized forces -J^T F on the leg's dofs, as target offsets tau / kp.
void add_virtual_force(const dart::dynamics::Skeleton& skeleton, const BalanceBodies& bodies,
                       int side, const Eigen::Vector3d& com, const Eigen::Vector3d& force,
                       const Eigen::VectorXd& kp, Eigen::VectorXd& target) {
  const auto* foot = skeleton.getBodyNode(bodies.feet[side]);
  const Eigen::Vector3d ankle = foot->getWorldTransform().translation();
  const Eigen::Vector3d point(ankle.x() + std::clamp(com.x() - ankle.x(), -kSoleSide, kSoleSide),
                              ankle.y() - kSoleDepth,
                              ankle.z() + std::clamp(com.z() - ankle.z(), -kSoleBack, kSoleFront));
  const Eigen::Vector3d local = foot->getWorldTransform().inverse() * point;
  const dart::math::LinearJacobian jac = skeleton.getLinearJacobian(foot, local);
  for (const std::size_t dof : bodies.leg_dofs[side]) {
    const auto i = static_cast<Eigen::Index>(dof);
    target[i] -= jac.col(i).dot(force) / kp[i];
  }
}

}  // namespace

BalanceReference make_balance_reference(dart::dynamics::Skeleton& skeleton,
                                        const ReferenceMotion& reference,
                                        const BalanceBodies& bodies, double stance_speed) {
  const Eigen::Index rows = reference.positions.rows();
  BalanceReference out;
  out.stance.setZero(rows, 2);
  out.foot_to_com.setZero(rows, 4);
  out.com_velocity.setZero(rows, 2);
  Eigen::MatrixXd com(rows, 3), feet(rows, 6);
  std::array<std::vector<SoleCorner>, 2> corners;
  std::array<Eigen::MatrixXd, 2> sole;  // per side: T x 3 k, the corners' world positions
  for (int side = 0; side < 2; ++side) {
    corners[side] = sole_corners(*skeleton.getBodyNode(bodies.feet[side]));
    sole[side].resize(rows, 3 * static_cast<Eigen::Index>(corners[side].size()));
  }
  for (Eigen::Index r = 0; r < rows; ++r) {
    skeleton.setPositions(reference.positions.row(r).transpose());
    com.row(r) = skeleton.getCOM().transpose();
    for (int side = 0; side < 2; ++side) {
      feet.block<1, 3>(r, 3 * side) =
          skeleton.getBodyNode(bodies.feet[side])->getWorldTransform().translation().transpose();
      for (std::size_t c = 0; c < corners[side].size(); ++c) {
        const SoleCorner& corner = corners[side][c];
        sole[side].block<1, 3>(r, 3 * static_cast<Eigen::Index>(c)) =
            (corner.body->getWorldTransform() * corner.local).transpose();
      }
    }
  }
  // How fast the foot's contact moves: the slowest of its corners near its lowest one
  // (a foot rolling over its heel or its toes keeps those corners still while the
  // ankle moves); without boxes, the ankle's speed.
  const auto contact_speed = [&](int side, Eigen::Index r, Eigen::Index a, Eigen::Index b,
                                 double span) {
    const auto k = static_cast<Eigen::Index>(corners[side].size());
    if (k == 0) {
      return (feet.block<1, 3>(b, 3 * side) - feet.block<1, 3>(a, 3 * side)).norm() / span;
    }
    double lowest = sole[side](r, 1);
    for (Eigen::Index c = 1; c < k; ++c) lowest = std::min(lowest, sole[side](r, 3 * c + 1));
    double speed = std::numeric_limits<double>::infinity();
    for (Eigen::Index c = 0; c < k; ++c) {
      if (sole[side](r, 3 * c + 1) > lowest + kSoleContactBand) continue;
      const double d = (sole[side].block<1, 3>(b, 3 * c) - sole[side].block<1, 3>(a, 3 * c)).norm();
      speed = std::min(speed, d / span);
    }
    return speed;
  };
  const double rate = reference.rate;
  for (Eigen::Index r = 0; r < rows; ++r) {
    const Eigen::Index a = r > 0 ? r - 1 : r, b = r + 1 < rows ? r + 1 : r;
    const double span = static_cast<double>(b - a) / rate;
    out.com_velocity.row(r) = horizontal((com.row(b) - com.row(a)).transpose() / span).transpose();
    double total = 0.0;
    for (int side = 0; side < 2; ++side) {
      const double planted = contact_speed(side, r, a, b, span) < stance_speed ? 1.0 : 0.0;
      out.stance(r, side) = planted;
      total += planted;
      const Eigen::Vector3d d = (com.row(r) - feet.block<1, 3>(r, 3 * side)).transpose();
      out.foot_to_com.block<1, 2>(r, 2 * side) = horizontal(d).transpose();
    }
    if (total > 0.0) out.stance.row(r) /= total;
  }
  hand_over_double_support(out.stance);
  return out;
}

void apply_balance_feedback(const BalanceFeedbackConfig& config, const BalanceReference& reference,
                            Eigen::Index row, const dart::dynamics::Skeleton& skeleton,
                            const BalanceBodies& bodies, const Eigen::VectorXd& ref_q,
                            const Eigen::VectorXd& kp, Eigen::VectorXd& target) {
  const auto* pelvis_body = skeleton.getBodyNode(0);
  const Eigen::Matrix3d pelvis = pelvis_body->getWorldTransform().linear();
  const Eigen::Matrix3d pelvis_ref = dart::math::expMapRot(ref_q.head<3>());
  // Pelvis error as a rotation in world axes: pelvis = error * pelvis_ref.
  const Eigen::Vector3d error = dart::math::logMap(pelvis * pelvis_ref.transpose());
  const Eigen::Vector2d w = reference.stance.row(row).transpose();
  const Eigen::Vector3d com = skeleton.getCOM();
  const Eigen::Vector2d dv =
      horizontal(skeleton.getCOMLinearVelocity()) - reference.com_velocity.row(row).transpose();
  Eigen::Vector2d dd = Eigen::Vector2d::Zero();
  for (int side = 0; side < 2; ++side) {
    if (w[side] <= 0.0) continue;
    const Eigen::Vector3d foot =
        skeleton.getBodyNode(bodies.feet[side])->getWorldTransform().translation();
    dd += w[side] *
          (horizontal(com - foot) - reference.foot_to_com.block<1, 2>(row, 2 * side).transpose());
  }
  const Eigen::Vector3d body_weight(0.0, config.weight_support * skeleton.getMass() * kGravity,
                                    0.0);
  for (int side = 0; side < 2; ++side) {
    const auto dof = static_cast<Eigen::Index>(bodies.hip_dofs[side]);
    const auto* thigh = skeleton.getBodyNode(bodies.thighs[side]);
    const auto& hip = *thigh->getParentJoint();
    const Eigen::Vector3d q_target = target.segment<3>(dof);
    const Eigen::Matrix3d parent = hip.getTransformFromParentBodyNode().linear();
    const Eigen::Matrix3d child = hip.getTransformFromChildBodyNode().linear();
    // The thigh's world orientation the target asks for, with the pelvis where it is.
    Eigen::Matrix3d thigh_world =
        pelvis * parent * dart::math::expMapRot(q_target) * child.transpose();
    Eigen::Matrix3d pelvis_goal = pelvis;
    if (w[side] > 0.0) {
      // Stance: the thigh as the target asks, with the pelvis on its reference
      // orientation; the hip's PD torque then rotates the pelvis back.
      pelvis_goal = dart::math::expMapRot(-config.torso_gain * w[side] * error) * pelvis;
    } else if (w.sum() > 0.0) {
      // Swing with the other foot planted: step towards where the COM is ahead of
      // (or beside) its reference. Rotating the thigh about world -x moves the foot
      // forward (+z), about +z moves it to +x.
      const Eigen::Vector2d s = config.step_position_gain * dd + config.step_velocity_gain * dv;
      thigh_world = dart::math::expMapRot(Eigen::Vector3d(-s.y(), 0.0, s.x())) * thigh_world;
    } else {
      continue;  // flight or a reference with no planted foot
    }
    target.segment<3>(dof) = dart::math::logMap(hip_rotation(hip, pelvis_goal, thigh_world));
  }
  for (int side = 0; side < 2; ++side) {
    if (w[side] > 0.0) {
      add_virtual_force(skeleton, bodies, side, com, w[side] * body_weight, kp, target);
    }
  }
}

}  // namespace exocore
