#include "exocore/skeleton.hpp"

#include <Eigen/Eigenvalues>
#include <dart/dynamics/BallJoint.hpp>
#include <dart/dynamics/BodyNode.hpp>
#include <dart/dynamics/BoxShape.hpp>
#include <dart/dynamics/CapsuleShape.hpp>
#include <dart/dynamics/FreeJoint.hpp>
#include <dart/dynamics/RevoluteJoint.hpp>
#include <dart/dynamics/ShapeNode.hpp>
#include <dart/dynamics/Skeleton.hpp>
#include <dart/dynamics/SphereShape.hpp>
#include <dart/dynamics/WeldJoint.hpp>
#include <stdexcept>
#include <string>

namespace exocore {
namespace {

[[noreturn]] void fail(const BodySpec& body, std::size_t index, const std::string& what) {
  throw std::invalid_argument("body " + std::to_string(index) + " ('" + body.name + "'): " + what);
}

bool is_rigid_transform(const Eigen::Isometry3d& t) {
  const Eigen::Matrix3d r = t.linear();
  return t.matrix().allFinite() &&
         (r.transpose() * r - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() < 1e-6 &&
         r.determinant() > 0.0;
}

template <typename JointT>
dart::dynamics::BodyNode* attach(dart::dynamics::Skeleton& skel, dart::dynamics::BodyNode* parent,
                                 typename JointT::Properties joint_props,
                                 const dart::dynamics::BodyNode::Properties& body_props) {
  return skel.createJointAndBodyNodePair<JointT>(parent, joint_props, body_props).second;
}

template <typename Props>
Props joint_properties(const BodySpec& b) {
  Props props;
  props.mName = b.joint_name.empty() ? b.name : b.joint_name;
  props.mT_ParentBodyToJoint = b.joint_in_parent;
  props.mT_ChildBodyToJoint = b.joint_in_child;
  return props;
}

std::shared_ptr<dart::dynamics::Shape> make_shape(const ShapeSpec& s) {
  switch (s.type) {
    case ShapeType::Box:
      return std::make_shared<dart::dynamics::BoxShape>(s.size);
    case ShapeType::Sphere:
      return std::make_shared<dart::dynamics::SphereShape>(s.size[0]);
    case ShapeType::Capsule:
      return std::make_shared<dart::dynamics::CapsuleShape>(s.size[0], s.size[1]);
    case ShapeType::None:
      break;
  }
  return nullptr;
}

}  // namespace

int joint_dofs(JointType type) {
  switch (type) {
    case JointType::Free:
      return 6;
    case JointType::Ball:
      return 3;
    case JointType::Revolute:
      return 1;
    case JointType::Weld:
      return 0;
  }
  return 0;
}

void validate_skeleton_spec(const SkeletonSpec& spec) {
  if (spec.bodies.empty())
    throw std::invalid_argument("skeleton '" + spec.name + "' has no bodies");
  for (std::size_t i = 0; i < spec.bodies.size(); ++i) {
    const BodySpec& b = spec.bodies[i];
    if (b.name.empty()) fail(b, i, "a body needs a name");
    for (std::size_t j = 0; j < i; ++j) {
      if (spec.bodies[j].name == b.name) fail(b, i, "duplicate body name");
    }
    if (i == 0 && b.parent != -1) fail(b, i, "the first body must be the root (parent -1)");
    if (i > 0 && (b.parent < 0 || b.parent >= static_cast<int>(i))) {
      fail(b, i, "parent must be the index of an earlier body, got " + std::to_string(b.parent));
    }
    if (!(b.mass > 0.0) || !std::isfinite(b.mass)) fail(b, i, "mass must be positive");
    if (!b.com.allFinite()) fail(b, i, "centre of mass is not finite");
    const Eigen::Matrix3d& inertia = b.inertia;
    if (!inertia.allFinite() || (inertia - inertia.transpose()).cwiseAbs().maxCoeff() > 1e-9) {
      fail(b, i, "inertia must be a finite symmetric matrix");
    }
    if (Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d>(inertia).eigenvalues().minCoeff() <= 0.0) {
      fail(b, i, "inertia must be positive definite");
    }
    if (!is_rigid_transform(b.joint_in_parent) || !is_rigid_transform(b.joint_in_child)) {
      fail(b, i, "joint frames must be rigid transforms");
    }
    if (b.joint == JointType::Revolute && !(b.axis.norm() > 1e-9)) fail(b, i, "zero joint axis");
    const int n = joint_dofs(b.joint);
    for (const Eigen::VectorXd* limits : {&b.lower_limits, &b.upper_limits}) {
      if (limits->size() != 0 && limits->size() != n) {
        fail(b, i,
             "limits need " + std::to_string(n) + " values (one per joint dof), got " +
                 std::to_string(limits->size()));
      }
    }
    if (b.lower_limits.size() != b.upper_limits.size()) {
      fail(b, i, "give both lower and upper limits, or neither");
    }
    if (b.lower_limits.size() > 0 && (b.lower_limits.array() > b.upper_limits.array()).any()) {
      fail(b, i, "a lower limit is above its upper limit");
    }
    if (b.shape.type != ShapeType::None && !(b.shape.size.head(1).array() > 0.0).all()) {
      fail(b, i, "shape size must be positive");
    }
    if (b.shape.type == ShapeType::Box && !(b.shape.size.array() > 0.0).all()) {
      fail(b, i, "box edges must be positive");
    }
    if (!(b.joint_damping >= 0.0)) fail(b, i, "joint damping must be >= 0");
  }
}

std::shared_ptr<dart::dynamics::Skeleton> build_skeleton(const SkeletonSpec& spec) {
  using namespace dart::dynamics;
  validate_skeleton_spec(spec);
  SkeletonPtr skel = Skeleton::create(spec.name);
  for (const BodySpec& b : spec.bodies) {
    BodyNode::Properties body_props;
    body_props.mName = b.name;
    body_props.mInertia = Inertia(b.mass, b.com, b.inertia);
    BodyNode* parent =
        b.parent < 0 ? nullptr : skel->getBodyNode(static_cast<std::size_t>(b.parent));
    BodyNode* body = nullptr;
    switch (b.joint) {
      case JointType::Free:
        body = attach<FreeJoint>(*skel, parent, joint_properties<FreeJoint::Properties>(b),
                                 body_props);
        break;
      case JointType::Ball:
        body = attach<BallJoint>(*skel, parent, joint_properties<BallJoint::Properties>(b),
                                 body_props);
        break;
      case JointType::Revolute: {
        auto props = joint_properties<RevoluteJoint::Properties>(b);
        props.mAxis = b.axis.normalized();
        body = attach<RevoluteJoint>(*skel, parent, props, body_props);
        break;
      }
      case JointType::Weld:
        body = attach<WeldJoint>(*skel, parent, joint_properties<WeldJoint::Properties>(b),
                                 body_props);
        break;
    }
    Joint* joint = body->getParentJoint();
    for (Eigen::Index k = 0; k < b.lower_limits.size(); ++k) {
      joint->setPositionLowerLimit(static_cast<std::size_t>(k), b.lower_limits[k]);
      joint->setPositionUpperLimit(static_cast<std::size_t>(k), b.upper_limits[k]);
    }
    if (b.lower_limits.size() > 0) joint->setLimitEnforcement(true);
    for (std::size_t k = 0; k < joint->getNumDofs(); ++k) {
      joint->setDampingCoefficient(k, b.joint_damping);
    }
    if (auto shape = make_shape(b.shape)) {
      ShapeNode* node =
          b.collides
              ? body->createShapeNodeWith<VisualAspect, CollisionAspect, DynamicsAspect>(shape)
              : body->createShapeNodeWith<VisualAspect>(shape);
      node->setRelativeTransform(b.shape.offset);
    }
  }
  skel->setSelfCollisionCheck(spec.self_collision);
  skel->setAdjacentBodyCheck(false);
  return skel;
}

}  // namespace exocore
