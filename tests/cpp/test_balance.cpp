// Balance feedback (balance.hpp) on the two-leg rig, checked against geometry and
// statics computed independently: the stance hip's new target puts the pelvis on its
// reference orientation with the thigh where it was; the swing thigh turns about the
// world axis the COM error asks for; the virtual force's target offsets are the
// generalized forces of -F at the sole point (virtual work by finite differences);
// a foot that does not move in the reference is planted, and so is one that rolls over
// its heel; in double support the trailing foot's share falls linearly.
#include <gtest/gtest.h>

#include <algorithm>
#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <dart/math/Geometry.hpp>

#include "exocore/balance.hpp"
#include "exocore/env_model.hpp"
#include "test_rigs.hpp"

namespace exocore {
namespace {

// Per-dof stiffness (one per rig dof), uneven so that a dof read with another's gain shows.
Eigen::VectorXd rig_kp() { return Eigen::VectorXd::LinSpaced(20, 200.0, 900.0); }

// two_leg_spec: pelvis 0; right thigh 1, shank 2, foot 3; left thigh 4, shank 5, foot 6.
BalanceBodies rig_bodies() {
  BalanceBodies b;
  b.thighs = {4, 1};
  b.feet = {6, 3};
  b.hip_dofs = {13, 6};
  b.leg_dofs[0] = {13, 14, 15, 16, 17, 18, 19};
  b.leg_dofs[1] = {6, 7, 8, 9, 10, 11, 12};
  return b;
}

// One reference sample with the left foot planted and the COM errors zero for the
// skeleton's present state.
BalanceReference left_stance(const dart::dynamics::Skeleton& skel, const BalanceBodies& b) {
  BalanceReference r;
  r.stance = Eigen::MatrixXd(1, 2);
  r.stance << 1.0, 0.0;
  r.foot_to_com = Eigen::MatrixXd::Zero(1, 4);
  r.com_velocity = Eigen::MatrixXd::Zero(1, 2);
  const Eigen::Vector3d d =
      skel.getCOM() - skel.getBodyNode(b.feet[0])->getWorldTransform().translation();
  r.foot_to_com(0, 0) = d.x();
  r.foot_to_com(0, 1) = d.z();
  return r;
}

BalanceFeedbackConfig only(double torso, double velocity, double weight) {
  BalanceFeedbackConfig c;
  c.enabled = true;
  c.torso_gain = torso;
  c.step_position_gain = 0.0;
  c.step_velocity_gain = velocity;
  c.weight_support = weight;
  return c;
}

std::shared_ptr<dart::dynamics::Skeleton> posed_rig() {
  auto skel = build_skeleton(test::two_leg_spec());
  Eigen::VectorXd q = Eigen::VectorXd::Zero(20);
  q.head<3>() = Eigen::Vector3d(0.1, 0.05, -0.03);  // pelvis tilted off the reference (0)
  q.segment<3>(3) = Eigen::Vector3d(0.0, 0.9, 0.0);
  q.segment<3>(6) = Eigen::Vector3d(-0.3, 0.05, 0.02);
  q.segment<3>(13) = Eigen::Vector3d(0.2, -0.1, 0.05);
  q[9] = 0.4;
  q[16] = 0.2;
  skel->setPositions(q);
  skel->setVelocities(Eigen::VectorXd::Zero(20));
  return skel;
}

TEST(Balance, StanceHipTargetPutsThePelvisOnItsReferenceWithTheThighHeld) {
  auto skel = posed_rig();
  const BalanceBodies b = rig_bodies();
  const Eigen::Matrix3d thigh_before = skel->getBodyNode(4)->getWorldTransform().linear();
  Eigen::VectorXd target = skel->getPositions();
  const Eigen::VectorXd ref_q = Eigen::VectorXd::Zero(20);
  apply_balance_feedback(only(1.0, 0.0, 0.0), left_stance(*skel, b), 0, *skel, b, ref_q, rig_kp(),
                         target);
  Eigen::VectorXd q = skel->getPositions();
  q.head<3>().setZero();  // the pelvis on its reference orientation
  q.segment<3>(13) = target.segment<3>(13);
  skel->setPositions(q);
  const Eigen::Matrix3d thigh_after = skel->getBodyNode(4)->getWorldTransform().linear();
  EXPECT_LT((thigh_after - thigh_before).norm(), 1e-9);
  // The swing leg (no COM error, no gains) and the stance knee are untouched.
  EXPECT_LT((target.segment<3>(6) - skel->getPositions().segment<3>(6)).norm(), 1e-12);
  EXPECT_EQ(target[16], skel->getPositions()[16]);
}

TEST(Balance, SwingThighTurnsForwardByVelocityGainTimesTheCOMVelocityError) {
  auto skel = posed_rig();
  Eigen::VectorXd q = skel->getPositions();
  q.head<3>().setZero();  // body frame = world frame: free-joint velocities are world ones
  skel->setPositions(q);
  Eigen::VectorXd dq = Eigen::VectorXd::Zero(20);
  dq[5] = 0.2;  // everything moves forward (+z) at 0.2 m/s
  skel->setVelocities(dq);
  const BalanceBodies b = rig_bodies();
  const Eigen::Matrix3d thigh_before = skel->getBodyNode(1)->getWorldTransform().linear();
  Eigen::VectorXd target = q;
  apply_balance_feedback(only(0.0, 0.5, 0.0), left_stance(*skel, b), 0, *skel, b, q, rig_kp(),
                         target);
  q.segment<3>(6) = target.segment<3>(6);
  skel->setPositions(q);
  const Eigen::Matrix3d thigh_after = skel->getBodyNode(1)->getWorldTransform().linear();
  // 0.5 rad s/m * 0.2 m/s = 0.1 rad about world -x: the foot swings forward.
  const Eigen::Matrix3d expected =
      dart::math::expMapRot(Eigen::Vector3d(-0.1, 0.0, 0.0)) * thigh_before;
  EXPECT_LT((thigh_after - expected).norm(), 1e-9);
}

TEST(Balance, VirtualForceOffsetsAreTheGeneralizedForcesOfTheWeightAtTheSole) {
  auto skel = posed_rig();
  Eigen::VectorXd q = skel->getPositions();
  // Ball joints at zero, so that their velocity coordinates are the derivatives of
  // their positions and finite differences of positions give the Jacobian.
  q.segment<3>(6).setZero();
  q.segment<3>(10).setZero();
  q.segment<3>(13).setZero();
  q.segment<3>(17).setZero();
  skel->setPositions(q);
  const BalanceBodies b = rig_bodies();
  Eigen::VectorXd target = q;
  apply_balance_feedback(only(0.0, 0.0, 1.0), left_stance(*skel, b), 0, *skel, b, q, rig_kp(),
                         target);

  const Eigen::Vector3d com = skel->getCOM();
  const auto* foot = skel->getBodyNode(6);
  const Eigen::Vector3d ankle = foot->getWorldTransform().translation();
  const Eigen::Vector3d sole(ankle.x() + std::clamp(com.x() - ankle.x(), -kSoleSide, kSoleSide),
                             ankle.y() - kSoleDepth,
                             ankle.z() + std::clamp(com.z() - ankle.z(), -kSoleBack, kSoleFront));
  const Eigen::Vector3d local = foot->getWorldTransform().inverse() * sole;
  const Eigen::Vector3d force(0.0, skel->getMass() * 9.81, 0.0);
  for (const std::size_t dof : b.leg_dofs[0]) {
    const auto i = static_cast<Eigen::Index>(dof);
    const double h = 1e-6;
    Eigen::VectorXd qp = q, qm = q;
    qp[i] += h;
    qm[i] -= h;
    skel->setPositions(qp);
    const Eigen::Vector3d pp = foot->getWorldTransform() * local;
    skel->setPositions(qm);
    const Eigen::Vector3d pm = foot->getWorldTransform() * local;
    const double generalized = -force.dot((pp - pm) / (2.0 * h));  // virtual work of -F
    EXPECT_NEAR(rig_kp()[i] * (target[i] - q[i]), generalized, 1e-5 * force.norm())
        << "dof " << dof;
  }
  skel->setPositions(q);
  for (const std::size_t dof : b.leg_dofs[1]) {  // the swing leg carries nothing
    EXPECT_NEAR(target[static_cast<Eigen::Index>(dof)], q[static_cast<Eigen::Index>(dof)], 1e-12);
  }
}

TEST(Balance, AFootThatStaysPutInTheReferenceIsPlanted) {
  auto skel = build_skeleton(test::two_leg_spec());
  ReferenceMotion ref;
  ref.rate = 120.0;
  const int rows = 5;
  ref.positions = Eigen::MatrixXd::Zero(rows, 20);
  for (int r = 0; r < rows; ++r) {
    ref.positions(r, 4) = 0.9;
    ref.positions(r, 6) = -0.05 * r;  // right hip swings at 6 rad/s: foot ~5 m/s
  }
  ref.velocities = Eigen::MatrixXd::Zero(rows, 20);
  ref.phase = Eigen::VectorXd::Zero(rows);
  const BalanceReference out = make_balance_reference(*skel, ref, rig_bodies(), 0.3);
  for (int r = 0; r < rows; ++r) {
    EXPECT_EQ(out.stance(r, 0), 1.0);  // left: planted, carries all
    EXPECT_EQ(out.stance(r, 1), 0.0);
  }
  // Both still: half each.
  ref.positions.col(6).setZero();
  const BalanceReference still = make_balance_reference(*skel, ref, rig_bodies(), 0.3);
  EXPECT_EQ(still.stance(2, 0), 0.5);
  EXPECT_EQ(still.stance(2, 1), 0.5);
}

// The rig with box feet (0.08 wide, 0.03 high, 0.2 long), heels 5 cm behind the foot
// origin, and the right foot's heel corners [foot frame].
SkeletonSpec rig_with_box_feet() {
  SkeletonSpec spec = test::two_leg_spec();
  for (const int foot : {3, 6}) {
    spec.bodies[foot].shape.type = ShapeType::Box;
    spec.bodies[foot].shape.size = Eigen::Vector3d(0.08, 0.03, 0.2);
    spec.bodies[foot].shape.offset = test::translation(0.0, -0.02, 0.05);
    spec.bodies[foot].collides = true;
  }
  return spec;
}
const Eigen::Vector3d kRightHeel(0.04, -0.035, -0.05);

TEST(Balance, AFootRollingOverItsHeelIsPlantedThoughItsAnkleMoves) {
  auto skel = build_skeleton(rig_with_box_feet());
  ReferenceMotion ref;
  ref.rate = 120.0;
  const int rows = 6;
  ref.positions = Eigen::MatrixXd::Zero(rows, 20);
  ref.velocities = Eigen::MatrixXd::Zero(rows, 20);
  ref.phase = Eigen::VectorXd::Zero(rows);
  const auto* foot = skel->getBodyNode(3);
  Eigen::Vector3d heel_at_start;
  std::vector<Eigen::Vector3d> ankle;
  for (int r = 0; r < rows; ++r) {
    // Toes up 0.4 rad, lowered at 9.6 rad/s; the pelvis moves so the heel stays put.
    Eigen::VectorXd q = Eigen::VectorXd::Zero(20);
    q[4] = 0.9;
    q[10] = -0.4 + 0.08 * r;
    skel->setPositions(q);
    const Eigen::Vector3d heel = foot->getWorldTransform() * kRightHeel;
    if (r == 0) heel_at_start = heel;
    q.segment<3>(3) += heel_at_start - heel;
    skel->setPositions(q);
    ASSERT_LT((foot->getWorldTransform() * kRightHeel - heel_at_start).norm(), 1e-12);
    ankle.push_back(foot->getWorldTransform().translation());
    ref.positions.row(r) = q.transpose();
  }
  // The ankle itself moves faster than the stance speed: by the ankle, it would swing.
  EXPECT_GT((ankle[3] - ankle[1]).norm() * ref.rate / 2.0, 0.45);
  const BalanceReference out = make_balance_reference(*skel, ref, rig_bodies(), 0.3);
  for (int r = 0; r < rows; ++r) {
    EXPECT_EQ(out.stance(r, 1), 1.0) << "row " << r;  // right: on its heel, carries all
    EXPECT_EQ(out.stance(r, 0), 0.0) << "row " << r;  // left: carried along with the pelvis
  }
}

TEST(Balance, InDoubleSupportTheTrailingFootHandsItsShareOverLinearly) {
  auto skel = build_skeleton(rig_with_box_feet());
  ReferenceMotion ref;
  ref.rate = 120.0;
  const int rows = 16;
  ref.positions = Eigen::MatrixXd::Zero(rows, 20);
  ref.velocities = Eigen::MatrixXd::Zero(rows, 20);
  ref.phase = Eigen::VectorXd::Zero(rows);
  for (int r = 0; r < rows; ++r) {
    ref.positions(r, 4) = 0.9;
    ref.positions(r, 6) = -0.05 * std::min(r, 4);        // right swings (6 rad/s), then stands
    ref.positions(r, 13) = -0.05 * std::max(r - 11, 0);  // left stands, then swings
  }
  const BalanceReference out = make_balance_reference(*skel, ref, rig_bodies(), 0.3);
  std::vector<int> both;
  for (int r = 0; r < rows; ++r) {
    EXPECT_NEAR(out.stance.row(r).sum(), 1.0, 1e-12);
    if (out.stance(r, 0) > 0.0 && out.stance(r, 1) > 0.0) both.push_back(r);
  }
  ASSERT_GE(both.size(), 4U);
  EXPECT_EQ(out.stance(both.front() - 1, 0), 1.0);  // left alone before
  EXPECT_EQ(out.stance(both.back() + 1, 1), 1.0);   // right alone after
  const double step = out.stance(both[0], 0) - out.stance(both[1], 0);
  EXPECT_NEAR(step, 1.0 / static_cast<double>(both.size()), 1e-12);
  for (std::size_t k = 1; k < both.size(); ++k) {
    EXPECT_EQ(both[k], both[k - 1] + 1);
    EXPECT_NEAR(out.stance(both[k - 1], 0) - out.stance(both[k], 0), step, 1e-12);
  }
}

}  // namespace
}  // namespace exocore
