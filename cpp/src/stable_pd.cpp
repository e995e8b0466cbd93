#include "exocore/stable_pd.hpp"

#include <Eigen/Cholesky>
#include <dart/dynamics/DegreeOfFreedom.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <stdexcept>

namespace exocore {

StablePDOutput stable_pd(const StablePDInput& in) {
  if (!in.mass) throw std::invalid_argument("stable_pd: no mass matrix");
  const Eigen::MatrixXd& mass = *in.mass;
  const Eigen::Index n = mass.rows();
  for (const Eigen::VectorXd* v :
       {&in.bias, &in.external, &in.position_error, &in.velocity_error, &in.kp, &in.kd}) {
    if (v->size() != n) throw std::invalid_argument("stable_pd: vector sizes differ from M");
  }
  if (in.dt < 0.0) throw std::invalid_argument("stable_pd: negative time step");
  if ((in.kp.array() < 0.0).any() || (in.kd.array() < 0.0).any()) {
    throw std::invalid_argument("stable_pd: negative gains");
  }
  const Eigen::VectorXd pd =
      in.kp.cwiseProduct(in.position_error) + in.kd.cwiseProduct(in.velocity_error);
  Eigen::MatrixXd implicit = mass;
  implicit.diagonal() += in.dt * in.kd;
  const Eigen::VectorXd predicted =
      Eigen::LLT<Eigen::MatrixXd>(implicit).solve(pd + in.external - in.bias);
  StablePDOutput out;
  out.torque = pd - in.dt * in.kd.cwiseProduct(predicted);
  // With the final torque, M q'' = tau + external - bias exactly (the implicit system
  // above is the same equation rearranged): no second solve needed.
  out.acceleration = predicted;
  out.joint_passive = Eigen::VectorXd::Zero(n);
  return out;
}

StablePDOutput stable_pd_articulated(dart::dynamics::Skeleton& skeleton, const StablePDInput& in) {
  const auto n = static_cast<Eigen::Index>(skeleton.getNumDofs());
  for (const Eigen::VectorXd* v :
       {&in.external, &in.position_error, &in.velocity_error, &in.kp, &in.kd}) {
    if (v->size() != n) throw std::invalid_argument("stable_pd: vector sizes differ from dofs");
  }
  if ((in.kp.array() < 0.0).any() || (in.kd.array() < 0.0).any()) {
    throw std::invalid_argument("stable_pd: negative gains");
  }
  const Eigen::VectorXd pd =
      in.kp.cwiseProduct(in.position_error) + in.kd.cwiseProduct(in.velocity_error);
  const Eigen::VectorXd saved_forces = skeleton.getForces();
  // The skeleton's own springs and damping (soft joint limits) stay in the solve; the
  // PD's damping is added on top and the original values restored afterwards.
  Eigen::VectorXd own_damping(n), stiffness(n), rest(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto* dof = skeleton.getDof(static_cast<std::size_t>(i));
    own_damping[i] = dof->getDampingCoefficient();
    stiffness[i] = dof->getSpringStiffness();
    rest[i] = dof->getRestPosition();
  }
  const auto set_damping = [&skeleton, n](const Eigen::VectorXd& damping) {
    for (Eigen::Index i = 0; i < n; ++i) {
      skeleton.getDof(static_cast<std::size_t>(i))->setDampingCoefficient(damping[i]);
    }
    // Changing damping does not mark DART's cached articulated inertias stale.
    for (std::size_t tree = 0; tree < skeleton.getNumTrees(); ++tree) {
      skeleton.dirtyArticulatedInertia(tree);
    }
  };
  set_damping(own_damping + in.kd);
  skeleton.setForces(pd + in.external + in.kd.cwiseProduct(skeleton.getVelocities()));
  skeleton.computeForwardDynamics();
  StablePDOutput out;
  out.acceleration = skeleton.getAccelerations();
  set_damping(own_damping);
  skeleton.setForces(saved_forces);
  // What DART's implicit springs and damping exert at the solved acceleration.
  const double dt = skeleton.getTimeStep();
  const Eigen::VectorXd& q = skeleton.getPositions();
  const Eigen::VectorXd& dq = skeleton.getVelocities();
  out.joint_passive = -stiffness.cwiseProduct(q + dt * dq + dt * dt * out.acceleration - rest) -
                      own_damping.cwiseProduct(dq + dt * out.acceleration);
  out.torque = pd - in.dt * in.kd.cwiseProduct(out.acceleration);
  return out;
}

}  // namespace exocore
