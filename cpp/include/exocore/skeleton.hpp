// Plain-data description of an articulated body and the function that builds the
// DART skeleton from it. Models (the default human, the hip exoskeleton, test
// rigs) are written as SkeletonSpec; nothing else in exocore creates DART bodies.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <memory>
#include <string>
#include <vector>

namespace dart::dynamics {
class Skeleton;
}

namespace exocore {

enum class JointType { Free, Ball, Revolute, Weld };

enum class ShapeType { None, Box, Sphere, Capsule };

/// Collision and visual shape of a body, in the body frame.
struct ShapeSpec {
  ShapeType type = ShapeType::None;
  /// Box: edge lengths; Sphere: (radius, -, -); Capsule: (radius, height, -), along z.
  Eigen::Vector3d size = Eigen::Vector3d::Zero();
  Eigen::Isometry3d offset = Eigen::Isometry3d::Identity();
};

/// One rigid body and the joint that connects it to its parent.
struct BodySpec {
  std::string name;
  int parent = -1;         ///< index of the parent in SkeletonSpec::bodies, -1 for the root
  std::string joint_name;  ///< defaults to the body's name
  JointType joint = JointType::Free;
  Eigen::Vector3d axis = Eigen::Vector3d::UnitZ();  ///< revolute axis, joint frame
  /// Joint frame in the parent's frame, and in this body's frame.
  Eigen::Isometry3d joint_in_parent = Eigen::Isometry3d::Identity();
  Eigen::Isometry3d joint_in_child = Eigen::Isometry3d::Identity();
  double mass = 1.0;                                             ///< kg
  Eigen::Vector3d com = Eigen::Vector3d::Zero();                 ///< body frame, m
  Eigen::Matrix3d inertia = Eigen::Matrix3d::Identity() * 1e-2;  ///< about com, kg m^2
  ShapeSpec shape;
  bool collides = false;
  /// Position limits per joint dof (empty = none); enforced by DART's constraint solver.
  Eigen::VectorXd lower_limits;
  Eigen::VectorXd upper_limits;
  double joint_damping = 0.0;  ///< viscous damping per dof, N m s / rad
};

struct SkeletonSpec {
  std::string name = "skeleton";
  std::vector<BodySpec> bodies;
  bool self_collision = false;
};

/// Number of generalized coordinates of a joint type (Free 6, Ball 3, Revolute 1, Weld 0).
int joint_dofs(JointType type);

/// Throws std::invalid_argument naming the body and the problem for an invalid spec:
/// parent index out of range or not earlier in the list, non-positive mass, an
/// inertia that is not symmetric positive definite, limits of the wrong size, ...
void validate_skeleton_spec(const SkeletonSpec& spec);

/// Builds the DART skeleton (bodies in spec order). Validates first.
std::shared_ptr<dart::dynamics::Skeleton> build_skeleton(const SkeletonSpec& spec);

}  // namespace exocore
