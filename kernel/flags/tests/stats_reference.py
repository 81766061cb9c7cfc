import numpy as np
from scipy import stats
print("scipy", __import__("scipy").__version__)
for k, n in [(12, 40), (0, 30), (3, 100), (30, 30)]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    print("wilson", k, n, "%.12f %.12f" % (ci.low, ci.high))
for (n1, h1, n2, h2) in [(1000, 120, 980, 150), (50, 5, 45, 12)]:
    chi2, p, dof, _ = stats.chi2_contingency([[h1, n1 - h1], [h2, n2 - h2]], correction=False)
    p1, p2 = h1 / n1, h2 / n2
    z = np.sign(p2 - p1) * np.sqrt(chi2)
    se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    q = stats.norm.ppf(0.975)
    print("ztest", n1, h1, n2, h2, "diff %.12f lo %.12f hi %.12f z %.12f p %.12g" % (p2 - p1, p2 - p1 - q * se, p2 - p1 + q * se, z, p))
a = [12.1, 15.3, 9.8, 11.0, 14.2, 13.7, 10.4, 12.9, 16.1, 11.8, 12.2, 13.3]
b = [10.2, 9.1, 14.8, 8.7, 11.5, 7.9, 12.6, 9.9, 10.8]
r = stats.ttest_ind(b, a, equal_var=False)
va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
half = stats.t.ppf(0.975, df) * np.sqrt(va + vb)
d = np.mean(b) - np.mean(a)
class C: pass
ci = C(); ci.low, ci.high = d - half, d + half

print("welch means %.12f %.12f sds %.12f %.12f" % (np.mean(a), np.mean(b), np.std(a, ddof=1), np.std(b, ddof=1)))
print("welch t %.12f df %.12f p %.12g lo %.12f hi %.12f" % (r.statistic, df, r.pvalue, ci.low, ci.high))
for obs, w in [([510, 490], [50, 50]), ([480, 260, 260], [50, 25, 25]), ([620, 380], [50, 50])]:
    tot = sum(obs); e = [tot * x / sum(w) for x in w]
    r = stats.chisquare(obs, e)
    print("srm", obs, w, "chi2 %.12f p %.12g" % (r.statistic, r.pvalue))
