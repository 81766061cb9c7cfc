module Stats

export running_mean

"""
    running_mean(xs, window)

Mean of each `window`-sized slice of `xs`.
"""
function running_mean(xs::AbstractVector{<:Real}, window::Int)
    window > 0 || throw(ArgumentError("window must be positive"))
    [sum(@view xs[i:i+window-1]) / window for i in 1:length(xs)-window+1]
end

end
