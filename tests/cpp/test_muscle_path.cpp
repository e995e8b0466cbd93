// Muscle Jacobians and moment arms against finite differences of path length.
#include <gtest/gtest.h>

#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <random>

#include "exocore/muscle_path.hpp"
#include "test_rigs.hpp"

namespace exocore {
namespace {

using test::two_leg_spec;

std::vector<Muscle> test_muscles() {
  // Bodies: 0 pelvis, 1 thigh_r, 2 shank_r, 3 foot_r, 4 thigh_l, ...
  auto muscle = [](const std::string& name, std::vector<PathPoint> path) {
    Muscle m;
    m.name = name;
    m.path = std::move(path);
    m.params.optimal_fiber_length = 0.1;
    m.params.tendon_slack_length = 0.2;
    return m;
  };
  return {
      muscle("hip_flexor",
             {{0, {-0.05, 0.05, 0.08}}, {1, {0.0, 0.1, 0.05}}, {1, {0.0, 0.0, 0.03}}}),
      muscle("biarticular",
             {{0, {-0.05, 0.0, -0.06}}, {1, {0.01, -0.1, -0.05}}, {2, {0.0, 0.15, -0.04}}}),
      muscle("ankle", {{2, {0.0, 0.1, -0.05}}, {2, {0.0, -0.18, -0.04}}, {3, {0.0, 0.0, -0.06}}}),
      muscle("three_joints", {{0, {0.05, 0.0, 0.05}},
                              {4, {0.0, 0.0, 0.06}},
                              {5, {0.0, 0.1, 0.05}},
                              {6, {0.02, 0.0, 0.05}}}),
      muscle("two_points", {{1, {0.0, -0.1, 0.05}}, {2, {0.0, 0.15, 0.06}}}),
  };
}

// Length after moving along generalized velocity direction `direction` for `h`.
double length_along(dart::dynamics::Skeleton& skel, const std::vector<PathPoint>& path,
                    const Eigen::VectorXd& q, const Eigen::VectorXd& direction, double h) {
  skel.setPositions(q);
  skel.setVelocities(direction);
  skel.integratePositions(h);
  return path_length(skel, path);
}

TEST(MusclePath, MomentArmsMatchFiniteDifferencesOnRandomPoses) {
  auto skel = build_skeleton(two_leg_spec());
  const auto muscles = test_muscles();
  std::mt19937 rng(7);
  const Eigen::Index n = static_cast<Eigen::Index>(skel->getNumDofs());
  for (int trial = 0; trial < 20; ++trial) {
    test::randomize_state(*skel, rng);
    const Eigen::VectorXd q = skel->getPositions();
    for (const Muscle& m : muscles) {
      skel->setPositions(q);
      const Eigen::VectorXd r = moment_arms(*skel, m.path);
      Eigen::VectorXd fd(n);
      const double h = 1e-6;
      for (Eigen::Index j = 0; j < n; ++j) {
        const Eigen::VectorXd e = Eigen::VectorXd::Unit(n, j);
        fd[j] = -(length_along(*skel, m.path, q, e, h) - length_along(*skel, m.path, q, e, -h)) /
                (2.0 * h);
      }
      ASSERT_GT(r.norm(), 1e-3) << m.name;
      EXPECT_LE((r - fd).norm() / r.norm(), 1e-6) << m.name << " trial " << trial << "\n"
                                                  << r.transpose() << "\n"
                                                  << fd.transpose();
    }
  }
}

TEST(MusclePath, JacobianTransposeTimesPointForcesIsTheMomentArm) {
  auto skel = build_skeleton(two_leg_spec());
  std::mt19937 rng(11);
  for (int trial = 0; trial < 5; ++trial) {
    test::randomize_state(*skel, rng);
    for (const Muscle& m : test_muscles()) {
      const Eigen::MatrixXd jac = path_point_jacobian(*skel, m.path);
      const Eigen::VectorXd f = path_point_unit_forces(*skel, m.path);
      const Eigen::VectorXd r = moment_arms(*skel, m.path);
      EXPECT_LE((jac.transpose() * f - r).norm(), 1e-12 * (1.0 + r.norm())) << m.name;
      // Point velocities from the stacked Jacobian agree with DART's own.
      const Eigen::VectorXd v = jac * skel->getVelocities();
      for (std::size_t i = 0; i < m.path.size(); ++i) {
        const Eigen::Vector3d dart_v =
            skel->getBodyNode(m.path[i].body)->getLinearVelocity(m.path[i].offset);
        EXPECT_LE((v.segment<3>(3 * static_cast<Eigen::Index>(i)) - dart_v).norm(), 1e-12);
      }
    }
  }
}

TEST(MusclePath, VelocityAndVirtualWork) {
  auto skel = build_skeleton(two_leg_spec());
  const auto muscles = test_muscles();
  std::mt19937 rng(3);
  test::randomize_state(*skel, rng);
  MuscleKinematics kin;
  compute_muscle_kinematics(*skel, muscles, kin);
  const Eigen::VectorXd q = skel->getPositions();
  const Eigen::VectorXd dq = skel->getVelocities();
  const double h = 1e-6;
  MuscleForces forces;
  const Eigen::VectorXd activation = Eigen::VectorXd::LinSpaced(5, 0.1, 0.9);
  compute_muscle_forces(muscles, kin, activation, forces);
  const Eigen::VectorXd tau = muscle_generalized_forces(kin, forces.tension);
  double muscle_power = 0.0;
  for (std::size_t j = 0; j < muscles.size(); ++j) {
    const Eigen::Index jj = static_cast<Eigen::Index>(j);
    skel->setPositions(q);
    skel->setVelocities(dq);
    EXPECT_NEAR(kin.length[jj], path_length(*skel, muscles[j].path), 1e-14);
    const double fd_velocity = (length_along(*skel, muscles[j].path, q, dq, h) -
                                length_along(*skel, muscles[j].path, q, dq, -h)) /
                               (2.0 * h);
    EXPECT_NEAR(kin.velocity[jj], fd_velocity, 1e-6 * (1.0 + std::abs(fd_velocity)));
    muscle_power += -forces.tension[jj] * fd_velocity;  // tension shortening does work
    skel->setPositions(q);
    skel->setVelocities(dq);
    EXPECT_LE((moment_arm_matrix(kin).col(jj) - moment_arms(*skel, muscles[j].path)).norm(), 1e-14);
  }
  EXPECT_LE((tau - moment_arm_matrix(kin) * forces.tension).norm(), 1e-9 * tau.norm());
  // Virtual work: power of the generalized forces equals the power of the tensions.
  EXPECT_NEAR(tau.dot(dq), muscle_power, 1e-6 * (1.0 + std::abs(muscle_power)));
}

TEST(MusclePath, RejectsBadMuscles) {
  auto skel = build_skeleton(two_leg_spec());
  Muscle m = test_muscles()[0];
  EXPECT_NO_THROW(validate_muscle(m, *skel));
  Muscle short_path = m;
  short_path.path.resize(1);
  EXPECT_THROW(validate_muscle(short_path, *skel), std::invalid_argument);
  Muscle bad_body = m;
  bad_body.path[1].body = 99;
  EXPECT_THROW(validate_muscle(bad_body, *skel), std::invalid_argument);
  Muscle bad_force = m;
  bad_force.params.max_isometric_force = -1.0;
  EXPECT_THROW(validate_muscle(bad_force, *skel), std::invalid_argument);
}

}  // namespace
}  // namespace exocore
