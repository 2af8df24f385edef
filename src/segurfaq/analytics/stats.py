import math


def wilson_lower_bound(successes: int, total: int, z: float = 1.96) -> float:
    """Lower bound of the Wilson score interval (95 % by default) of a proportion.

    One "Non" out of one vote gives 0.21; sixty out of a hundred give 0.50: the ranking
    rewards evidence, not a single unlucky vote.
    """
    if total <= 0:
        return 0.0
    share = successes / total
    denominator = 1 + z * z / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return max(0.0, (centre - spread) / denominator)
