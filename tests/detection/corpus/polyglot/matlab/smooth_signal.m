function y = smooth_signal(x, window)
%SMOOTH_SIGNAL Moving-average filter.
%   Y = SMOOTH_SIGNAL(X, WINDOW) averages X over WINDOW samples.
    if nargin < 2
        window = 5;
    end
    kernel = ones(1, window) / window;
    y = conv(x, kernel, 'same');
end
