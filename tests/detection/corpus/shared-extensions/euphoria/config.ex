namespace config

public constant DEFAULT_PORT = 8080
public integer verbose = 0

export procedure set_verbose(integer level)
    verbose = level
end procedure
