Gem::Specification.new do |spec|
  spec.name          = "blog-engine"
  spec.version       = "0.1.0"
  spec.authors       = ["Example Team"]
  spec.summary       = "Mountable blog engine"
  spec.files         = Dir["lib/**/*", "app/**/*"]
  spec.required_ruby_version = ">= 3.1"
  spec.add_dependency "rails", ">= 7.0"
end
