def go_test_suite(name, srcs, deps = []):
    """One go_test per source file, grouped in a test_suite."""
    tests = []
    for src in srcs:
        test_name = src.replace(".go", "")
        native.go_test(name = test_name, srcs = [src], deps = deps)
        tests.append(test_name)
    native.test_suite(name = name, tests = tests)
