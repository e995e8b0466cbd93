#include "exocore/bushing.hpp"

#include <algorithm>
#include <cmath>
#include <dart/dynamics/BodyNode.hpp>

#include "exocore/body_forces.hpp"

namespace exocore {

Eigen::Vector3d euler_xyz(const Eigen::Matrix3d& r) {
  // R = Rx(t0) Ry(t1) Rz(t2): R02 = sin t1, R12 = -sin t0 cos t1, R22 = cos t0 cos t1,
  // R01 = -cos t1 sin t2, R00 = cos t1 cos t2.
  return {std::atan2(-r(1, 2), r(2, 2)), std::asin(std::clamp(r(0, 2), -1.0, 1.0)),
          std::atan2(-r(0, 1), r(0, 0))};
}

Eigen::Matrix3d euler_xyz_rate_matrix(const Eigen::Vector3d& angles) {
  // Columns: e_x, Rx e_y, Rx Ry e_z.
  const double s0 = std::sin(angles[0]), c0 = std::cos(angles[0]);
  const double s1 = std::sin(angles[1]), c1 = std::cos(angles[1]);
  Eigen::Matrix3d e;
  e << 1.0, 0.0, s1,      //
      0.0, c0, -s0 * c1,  //
      0.0, s0, c0 * c1;
  return e;
}

BushingWrench evaluate_bushing(const BushingParams& params, const BushingFrames& frames,
                               const dart::dynamics::BodyNode& body_a,
                               const dart::dynamics::BodyNode& body_b) {
  BushingWrench w;
  const Eigen::Isometry3d frame_a = body_a.getWorldTransform() * frames.on_a;
  const Eigen::Isometry3d frame_b = body_b.getWorldTransform() * frames.on_b;
  const Eigen::Matrix3d rot_a = frame_a.linear();
  const Eigen::Vector3d gap = frame_b.translation() - frame_a.translation();

  const Eigen::Vector3d vel_a = body_a.getLinearVelocity(frames.on_a.translation());
  const Eigen::Vector3d vel_b = body_b.getLinearVelocity(frames.on_b.translation());
  const Eigen::Vector3d omega_a = body_a.getAngularVelocity();
  const Eigen::Vector3d omega_b = body_b.getAngularVelocity();

  w.point = frame_b.translation();
  w.deflection = rot_a.transpose() * gap;
  w.deflection_rate = rot_a.transpose() * (vel_b - vel_a - omega_a.cross(gap));
  w.angles = euler_xyz(rot_a.transpose() * frame_b.linear());
  const Eigen::Matrix3d rates = euler_xyz_rate_matrix(w.angles);
  w.angle_rates = rates.lu().solve(rot_a.transpose() * (omega_b - omega_a));

  const Eigen::Vector3d force_a = -(params.stiffness.cwiseProduct(w.deflection) +
                                    params.damping.cwiseProduct(w.deflection_rate));
  const Eigen::Vector3d torque_euler = -(params.rotational_stiffness.cwiseProduct(w.angles) +
                                         params.rotational_damping.cwiseProduct(w.angle_rates));
  w.force = rot_a * force_a;
  // A generalized force tau_theta on the Euler angles is the moment E^-T tau_theta.
  w.moment = rot_a * rates.transpose().lu().solve(torque_euler);
  w.potential_energy = 0.5 * (params.stiffness.dot(w.deflection.cwiseAbs2()) +
                              params.rotational_stiffness.dot(w.angles.cwiseAbs2()));
  return w;
}

void add_bushing_generalized_forces(const BushingWrench& wrench,
                                    const dart::dynamics::BodyNode& body_a,
                                    const dart::dynamics::BodyNode& body_b,
                                    Eigen::Ref<Eigen::VectorXd> gen_a,
                                    Eigen::Ref<Eigen::VectorXd> gen_b) {
  add_body_wrench(body_b, wrench.point, wrench.force, wrench.moment, gen_b);
  add_body_wrench(body_a, wrench.point, -wrench.force, -wrench.moment, gen_a);
}

}  // namespace exocore
