#!/usr/bin/env python3
"""Total hip replacement (THR) model of Briggs, Claxton & Sculpher (2006) in numpy.

An independent implementation of `models/hip_replacement.toml` + `scenarios/hip_replacement.toml`
(see docs/HIP_REPLACEMENT.md), written to check sekalk against the book and to time a
probabilistic analysis (PSA) for comparison with `sekalk psa`.

Requirements: Python 3.9+ and numpy only (`pip install numpy`, benches/requirements.txt).

Run from anywhere:

    python3 benches/hip_numpy.py                      # deterministic + PSA, JSON on stdout
    python3 benches/hip_numpy.py --sekalk target/release/sekalk   # ... and time sekalk psa
    python3 benches/hip_numpy.py --no-write           # do not rewrite tests/data/hip/reference.json

What it does
------------
1. Deterministic model (exactly what the TOML says, in f64): a cohort of 1 woman aged 60 in
   `primary_thr`, yearly cycles, `counting = "start"`, `discount_first_year = false`,
   `horizon_years = 61`. Cycle c = 0..60 counts the occupancy v[c] with the discount factor
   1/(1+r)^c (costs 6 %, QALYs 1.5 %); the transition of cycle c uses t = c + 1 (the book's
   cycle number) and moves v[c] to v[c+1]. The occupancy after the last cycle, v[61], is never
   counted, so the 61st transition is not needed and not computed. This is the book's own
   calculation (60 cycles counted at their end, v[1..60] discounted 1/(1+r)^t, the prosthesis
   paid once at t = 0 undiscounted); the script checks that both ways agree to 1e-12.
   The NP1 revision probability is the standard one times the whole-strategy multiplier
   "expm1(-rr_np1 * h_revision) / expm1(-h_revision)" of the scenario, which equals the book's
   1 - exp(-rr_np1 * H(t)). The simpler reading `multiplier = "rr_np1"` (the relative risk
   applied to the probability, not to the hazard) is computed too, for comparison only.
   The Markov trace of cycles 1-8 is checked against the book's published trace (to 1e-7).
   The costs and QALYs per strategy, the book's published figures beside them and their
   sources, the subgroups of the scenario's [[variants]] and the PSA means are written to
   tests/data/hip/reference.json (unless --no-write); the timings are not, so the file only
   changes when the model or numpy's random streams do.

2. PSA, fully vectorised: arrays over the draws, a Python loop over the 60 counted cycles
   only. Draws (numpy.random.default_rng(seed), PCG64; the same draws serve both strategies):
   omr_primary, omr_revision ~ Beta(2, 98); rrr ~ Beta(4, 96); c_revision ~ Gamma with mean
   5294 and sd 1487 (method of moments); u_success_primary ~ Beta(mean 0.85, sd 0.03),
   u_revision ~ Beta(0.30, 0.03), u_success_revision ~ Beta(0.75, 0.04) (method of moments);
   (ln_gamma, b_cons, b_age, b_male, b_np1) ~ multivariate normal with the book's covariance
   matrix (mean + L z, L the lower Cholesky factor). The prosthesis costs, the age and the sex
   are fixed, as in the book. Only the draws and the projection are timed
   (time.perf_counter), best and median of 5 repeats, each from the same seed, so every
   repeat gives the same numbers. The result is deterministic for a given numpy version
   (numpy does not promise the same Generator streams across versions).

3. --sekalk PATH: runs `PATH psa scenarios/hip_replacement.toml --draws N --seed 1 --quiet
   --format json` from the repository root, once untimed, then 11 times timed (wall clock of
   the whole process via subprocess), and reports the median and the ratio
   numpy compute median / sekalk whole-process median. If the command fails (a sekalk without
   `psa`, a scenario it cannot read yet) it says so on stderr and the JSON carries the numpy
   figures only; the exit code is 0 either way.

Output: one JSON document on stdout; notes on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "hip" / "reference.json"
SCENARIO = "scenarios/hip_replacement.toml"

# --- Inputs: the same figures as models/hip_replacement.toml and scenarios/hip_replacement.toml
START_AGE = 60
MALE = 0
CYCLES_COUNTED = 60  # t = 1..60; the TOML's horizon is 61 years (cycle 0 = the operation)
DR_COSTS = 0.06
DR_QALY = 0.015

OMR_PRIMARY = 0.02
OMR_REVISION = 0.02
RRR = 0.04
C_PROSTHESIS = {"standard": 394.0, "np1": 579.0}
C_REVISION = 5294.0
U_SUCCESS_PRIMARY = 0.85
U_REVISION = 0.30
U_SUCCESS_REVISION = 0.75

# Weibull regression: ln(gamma), constant, age, male, NP1 (log hazard scale)
COEF_NAMES = ["ln_gamma", "b_cons", "b_age", "b_male", "b_np1"]
COEF_MEAN = np.array([0.3740968, -5.490935, -0.0367022, 0.768536, -1.344474])
COEF_COV = np.array(
    [
        [0.00225151199001, -0.005691, 0.000000028, 0.0000051, 0.000259],
        [-0.005691, 0.043219083664, -0.000783, -0.007247, -0.000642],
        [0.000000028, -0.000783, 0.00002715660544, 0.000033, -0.000111],
        [0.0000051, -0.007247, 0.000033, 0.011895392356, 0.000184],
        [0.000259, -0.000642, -0.000111, 0.000184, 0.14636860414225],
    ]
)

# Life table: annual probability of death by age band (from = lower bound of the band)
BANDS_FROM = np.array([35, 45, 55, 65, 75, 85])
MORTALITY_FEMALE = np.array([0.00099, 0.0026, 0.0067, 0.0193, 0.0535, 0.1548])
MORTALITY_MALE = np.array([0.00151, 0.00393, 0.0109, 0.0316, 0.0801, 0.1879])

# Distribution parameters (PSA)
BETA_OMR = (2.0, 98.0)
BETA_RRR = (4.0, 96.0)
C_REVISION_SD = 1487.0
U_SD = {"success_primary": 0.03, "revision": 0.03, "success_revision": 0.04}
WILLINGNESS_TO_PAY = [0, 1000, 2000, 2500, 5000, 10000, 20000, 30000, 50000]
# The scenario's [[variants]]: the book's subgroups by age and sex (Briggs et al. 2006, ch. 5)
VARIANTS = {
    "man_60": {"start_age": 60, "male": 1},
    "kvinna_40": {"start_age": 40, "male": 0},
    "kvinna_80": {"start_age": 80, "male": 0},
}

PUBLISHED = {
    "standard": {"cost": 512.434658, "qaly": 14.6531896},
    "np1": {"cost": 610.311818, "qaly": 14.69770986},
    "icer": 2198.486665,
    "source": (
        "Briggs, Claxton & Sculpher (2006), Example 3.5 (the book's Excel solution), as typed in "
        "by the heemod authors: pierucci/heemod, tests/testthat/test_dmhee.R, test "
        "'Exactly match THR model', commit 152918ed6b98a45be2be1ec5ee366a8a2f0d5713"
    ),
}


# The book's Markov trace, cycles 1-8 (after 1..8 transitions): successful primary, revision,
# successful revision, death; from the heemod test cited in PUBLISHED (rounded to 8 decimals).
PUBLISHED_TRACE = {
    "standard": [
        [0.98000000, 0.0000000, 0.0000000, 0.0200000],
        [0.97265720, 0.0007768, 0.0000000, 0.02656600],
        [0.96516548, 0.00097491, 0.00075606, 0.03310354],
        [0.95757109, 0.00115802, 0.00166964, 0.03960125],
        [0.93783561, 0.00132115, 0.00268314, 0.05816010],
        [0.91838963, 0.00145307, 0.00379326, 0.07636404],
        [0.89924305, 0.00157339, 0.00496429, 0.09421927],
        [0.88040225, 0.00168398, 0.00618146, 0.11173231],
    ],
    "np1": [
        [0.98000000, 0.00000000, 0.00000000, 0.02000000],
        [0.97323145, 0.00020255, 0.00000000, 0.02656600],
        [0.96645641, 0.00025438, 0.00019715, 0.03309206],
        [0.95968665, 0.00030239, 0.00043553, 0.03957543],
        [0.94083683, 0.00034529, 0.00070021, 0.05811767],
        [0.92232657, 0.00038012, 0.00099040, 0.07630291],
        [0.90415327, 0.00041201, 0.00129686, 0.09413786],
        [0.88631355, 0.00044144, 0.00161577, 0.11162924],
    ],
}


def table(x: np.ndarray | float, values: np.ndarray) -> np.ndarray:
    """Banded lookup: the value of the band with the largest `from` <= x."""
    x = np.asarray(x, dtype=float)
    if np.any(x < BANDS_FROM[0]):
        raise ValueError("age below the first band")
    return values[np.searchsorted(BANDS_FROM, x, side="right") - 1]


def mortality(age: np.ndarray, male: float = MALE) -> np.ndarray:
    """mortality = mortality_female(age) * (1 - male) + mortality_male(age) * male."""
    return table(age, MORTALITY_FEMALE) * (1 - male) + table(age, MORTALITY_MALE) * male


def beta_moments(mean: float, sd: float) -> tuple[float, float]:
    """Beta(alpha, beta) with the given mean and sd (method of moments)."""
    k = mean * (1 - mean) / sd**2 - 1
    return mean * k, (1 - mean) * k


def gamma_moments(mean: float, sd: float) -> tuple[float, float]:
    """Gamma(shape, scale) with the given mean and sd."""
    return (mean / sd) ** 2, sd**2 / mean


# --------------------------------------------------------------------------------------------
# Deterministic model
# --------------------------------------------------------------------------------------------


def cumulative_hazard_increment(t: np.ndarray, coef: np.ndarray, start_age=START_AGE,
                                male=MALE) -> np.ndarray:
    """h_revision(t) = lambda * (t^gamma - (t-1)^gamma), the Weibull hazard of cycle t."""
    gamma = np.exp(coef[0])
    lam = np.exp(coef[1] + coef[2] * start_age + coef[3] * male)
    return lam * (t**gamma - (t - 1.0) ** gamma)


def revision_probabilities(strategy: str, coef: np.ndarray, np1_as_probability_multiplier=False,
                           start_age=START_AGE, male=MALE):
    """Per-cycle probability of revision of a successful primary, t = 1..60."""
    t = np.arange(1, CYCLES_COUNTED + 1, dtype=float)
    h = cumulative_hazard_increment(t, coef, start_age, male)
    p_standard = -np.expm1(-h)  # p_revision = 1 - exp(-h)
    if strategy == "standard":
        return p_standard
    rr_np1 = np.exp(coef[4])
    if np1_as_probability_multiplier:
        return p_standard * rr_np1
    # whole-strategy multiplier of the scenario: expm1(-rr_np1 * h) / expm1(-h)
    return p_standard * (np.expm1(-rr_np1 * h) / np.expm1(-h))


def transition_matrix(p_rev: float, m: float) -> np.ndarray:
    """Rows/columns: primary_thr, success_primary, revision, success_revision, death."""
    P = np.zeros((5, 5))
    P[0, 4] = OMR_PRIMARY
    P[0, 1] = 1 - OMR_PRIMARY
    P[1, 2] = p_rev
    P[1, 4] = m
    P[1, 1] = 1 - p_rev - m
    P[2, 4] = OMR_REVISION + m
    P[2, 3] = 1 - (OMR_REVISION + m)
    P[3, 2] = RRR
    P[3, 4] = m
    P[3, 3] = 1 - RRR - m
    P[4, 4] = 1.0
    return P


def deterministic(strategy: str, np1_as_probability_multiplier=False, start_age=START_AGE,
                  male=MALE) -> dict:
    """Costs and QALYs as sekalk computes the TOML, and as the book computes them."""
    p_rev = revision_probabilities(strategy, COEF_MEAN, np1_as_probability_multiplier,
                                   start_age, male)
    ages = start_age + np.arange(1, CYCLES_COUNTED + 1)
    m = mortality(ages, male)
    state_cost = np.array([C_PROSTHESIS[strategy], 0.0, C_REVISION, 0.0, 0.0])
    weight = np.array([0.0, U_SUCCESS_PRIMARY, U_REVISION, U_SUCCESS_REVISION, 0.0])

    # sekalk: counting "start", discount_first_year false, cycles c = 0..60
    v = np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    cost = qaly = 0.0
    trace = []
    for c in range(CYCLES_COUNTED + 1):
        cost += (v @ state_cost) / (1 + DR_COSTS) ** c
        qaly += (v @ weight) / (1 + DR_QALY) ** c
        trace.append(v.tolist())
        if c < CYCLES_COUNTED:  # v[61] is never counted
            t = c + 1
            v = v @ transition_matrix(p_rev[t - 1], m[t - 1])

    # the book: trace of cycles 1..60 counted at their end, prosthesis at t = 0 undiscounted
    v = np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    book_cost, book_qaly = C_PROSTHESIS[strategy], 0.0
    revision_only = np.array([0.0, 0.0, C_REVISION, 0.0, 0.0])
    for t in range(1, CYCLES_COUNTED + 1):
        v = v @ transition_matrix(p_rev[t - 1], m[t - 1])
        book_cost += (v @ revision_only) / (1 + DR_COSTS) ** t
        book_qaly += (v @ weight) / (1 + DR_QALY) ** t
    assert abs(book_cost - cost) < 1e-12 * cost, (book_cost, cost)
    assert abs(book_qaly - qaly) < 1e-12 * qaly, (book_qaly, qaly)
    return {"cost": cost, "qaly": qaly, "trace": trace}


# --------------------------------------------------------------------------------------------
# PSA
# --------------------------------------------------------------------------------------------


def psa_compute(draws: int, seed: int) -> dict[str, np.ndarray]:
    """Draw the parameters and project both strategies; per-draw costs and QALYs."""
    rng = np.random.default_rng(seed)
    omr_p = rng.beta(*BETA_OMR, size=draws)
    omr_r = rng.beta(*BETA_OMR, size=draws)
    rrr = rng.beta(*BETA_RRR, size=draws)
    c_rev = rng.gamma(*gamma_moments(C_REVISION, C_REVISION_SD), size=draws)
    u_sp = rng.beta(*beta_moments(U_SUCCESS_PRIMARY, U_SD["success_primary"]), size=draws)
    u_r = rng.beta(*beta_moments(U_REVISION, U_SD["revision"]), size=draws)
    u_sr = rng.beta(*beta_moments(U_SUCCESS_REVISION, U_SD["success_revision"]), size=draws)
    z = rng.standard_normal((draws, 5))
    coef = COEF_MEAN + z @ np.linalg.cholesky(COEF_COV).T  # (draws, 5)

    t = np.arange(1, CYCLES_COUNTED + 1, dtype=float)  # (60,)
    gamma = np.exp(coef[:, 0:1])
    lam = np.exp(coef[:, 1:2] + coef[:, 2:3] * START_AGE + coef[:, 3:4] * MALE)
    h = lam * (t**gamma - (t - 1.0) ** gamma)  # (draws, 60)
    rr = np.exp(coef[:, 4:5])
    # both strategies stacked: rows 0..draws-1 standard, draws..2*draws-1 NP1
    p_rev = np.concatenate([-np.expm1(-h), -np.expm1(-rr * h)], axis=0)  # (2 draws, 60)
    m = mortality(START_AGE + t)  # (60,)

    omr_p2, omr_r2, rrr2 = (np.concatenate([a, a]) for a in (omr_p, omr_r, rrr))
    c_rev2, u_sp2, u_r2, u_sr2 = (np.concatenate([a, a]) for a in (c_rev, u_sp, u_r, u_sr))
    df_c = (1 + DR_COSTS) ** -np.arange(CYCLES_COUNTED + 1)
    df_q = (1 + DR_QALY) ** -np.arange(CYCLES_COUNTED + 1)

    n2 = 2 * draws
    cost = np.concatenate(
        [np.full(draws, C_PROSTHESIS["standard"]), np.full(draws, C_PROSTHESIS["np1"])]
    )  # cycle 0: v[0] = primary_thr, undiscounted
    qaly = np.zeros(n2)
    pthr = np.ones(n2)
    sp = np.zeros(n2)
    rev = np.zeros(n2)
    sr = np.zeros(n2)
    for c in range(1, CYCLES_COUNTED + 1):  # v[c] from v[c-1] with t = c
        p = p_rev[:, c - 1]
        mc = m[c - 1]
        sp, rev, sr = (
            pthr * (1 - omr_p2) + sp * (1 - p - mc),
            sp * p + sr * rrr2,
            rev * (1 - omr_r2 - mc) + sr * (1 - rrr2 - mc),
        )
        pthr = np.zeros(n2) if c == 1 else pthr
        cost += rev * c_rev2 * df_c[c]
        qaly += (sp * u_sp2 + rev * u_r2 + sr * u_sr2) * df_q[c]
    return {
        "cost_standard": cost[:draws],
        "cost_np1": cost[draws:],
        "qaly_standard": qaly[:draws],
        "qaly_np1": qaly[draws:],
    }


def psa_summary(res: dict[str, np.ndarray]) -> dict:
    n = len(res["cost_standard"])
    d_cost = res["cost_np1"] - res["cost_standard"]
    d_qaly = res["qaly_np1"] - res["qaly_standard"]

    def se(a):
        return float(np.std(a, ddof=1) / np.sqrt(n))

    out = {
        "mean_cost_standard": float(np.mean(res["cost_standard"])),
        "mean_cost_np1": float(np.mean(res["cost_np1"])),
        "mean_qaly_standard": float(np.mean(res["qaly_standard"])),
        "mean_qaly_np1": float(np.mean(res["qaly_np1"])),
        "mean_incremental_cost": float(np.mean(d_cost)),
        "mean_incremental_qaly": float(np.mean(d_qaly)),
        "icer_of_means": float(np.mean(d_cost) / np.mean(d_qaly)),
        "se_of_mean": {
            "cost_standard": se(res["cost_standard"]),
            "cost_np1": se(res["cost_np1"]),
            "qaly_standard": se(res["qaly_standard"]),
            "qaly_np1": se(res["qaly_np1"]),
            "incremental_cost": se(d_cost),
            "incremental_qaly": se(d_qaly),
        },
        "prob_np1_cost_effective": {
            str(k): float(np.mean(k * d_qaly - d_cost > 0)) for k in WILLINGNESS_TO_PAY
        },
    }
    return out


def time_psa(draws: int, seed: int, repeats: int = 5):
    times = []
    res = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = psa_compute(draws, seed)
        times.append((time.perf_counter() - t0) * 1000.0)
    return res, times


def time_sekalk(path: str, draws: int, runs: int = 11):
    # a path is taken relative to the current directory, a bare name from PATH; the command
    # itself runs from the repository root, where the scenario path is relative to
    if os.sep in path or (os.altsep and os.altsep in path):
        path = str(Path(path).resolve())
    else:
        path = shutil.which(path) or path
    cmd = [path, "psa", SCENARIO, "--draws", str(draws), "--seed", "1", "--quiet",
           "--format", "json"]
    try:
        first = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as e:
        return {"ok": False, "command": " ".join(cmd), "error": str(e)}
    if first.returncode != 0:
        msg = first.stderr.decode("utf-8", "replace").strip().splitlines()
        return {"ok": False, "command": " ".join(cmd), "exit_code": first.returncode,
                "error": msg[0] if msg else ""}
    try:
        json.loads(first.stdout)
        valid = True
    except ValueError:
        valid = False
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=600)
        times.append((time.perf_counter() - t0) * 1000.0)
        if r.returncode != 0:
            return {"ok": False, "command": " ".join(cmd), "exit_code": r.returncode,
                    "error": "failed on a timed run"}
    return {"ok": True, "command": " ".join(cmd), "stdout_is_json": valid,
            "whole_process_ms_median": statistics.median(times),
            "whole_process_ms_best": min(times), "runs": runs}


def variant_results() -> dict:
    out = {}
    for vid, values in VARIANTS.items():
        r = {s: deterministic(s, **values) for s in ("standard", "np1")}
        d_cost = r["np1"]["cost"] - r["standard"]["cost"]
        d_qaly = r["np1"]["qaly"] - r["standard"]["qaly"]
        out[vid] = {
            "values": values,
            "standard": {"cost": r["standard"]["cost"], "qaly": r["standard"]["qaly"]},
            "np1": {"cost": r["np1"]["cost"], "qaly": r["np1"]["qaly"]},
            "icer": d_cost / d_qaly,
        }
    return out


def reference_document(det: dict, det_prob_mult: dict, psa: dict, draws: int, seed: int) -> dict:
    inc_cost = det["np1"]["cost"] - det["standard"]["cost"]
    inc_qaly = det["np1"]["qaly"] - det["standard"]["qaly"]
    return {
        "model": "models/hip_replacement.toml",
        "scenario": "scenarios/hip_replacement.toml",
        "description": (
            "Total hip replacement, standard prosthesis (baseline) against NP1 (alternative 'np1'), "
            "women aged 60, Briggs, Claxton & Sculpher (2006) Example 3.5 / Exercise 4.7. "
            "Costs are the NHS's (GBP), QALYs the outcome 'qaly'; both discounted as in the scenario."
        ),
        "conventions": {
            "cycle": "year",
            "horizon_years": 61,
            "counting": "start",
            "discount_first_year": False,
            "cost_discount_rate": DR_COSTS,
            "qaly_discount_rate": DR_QALY,
            "note": (
                "cycle 0 counts the starting cohort (the operation: prosthesis cost, QALY weight 0) "
                "undiscounted; cycles 1..60 are the book's 60 cycles, discounted 1/(1+r)^t; the "
                "transition of cycle c uses t = c + 1; v[61] is never counted"
            ),
        },
        "computed_by": "benches/hip_numpy.py (numpy, float64)",
        "deterministic": {
            "standard": {"cost": det["standard"]["cost"], "qaly": det["standard"]["qaly"]},
            "np1": {"cost": det["np1"]["cost"], "qaly": det["np1"]["qaly"]},
            "incremental_cost": inc_cost,
            "incremental_qaly": inc_qaly,
            "icer": inc_cost / inc_qaly,
        },
        "published": PUBLISHED,
        "np1_as_probability_multiplier": {
            "note": (
                "NOT the book: the NP1 alternative with multiplier = \"rr_np1\" applied to the "
                "revision probability instead of the hazard; for comparison only"
            ),
            "np1": {"cost": det_prob_mult["cost"], "qaly": det_prob_mult["qaly"]},
            "icer": (det_prob_mult["cost"] - det["standard"]["cost"])
            / (det_prob_mult["qaly"] - det["standard"]["qaly"]),
        },
        "variants": {
            "note": "the scenario's [[variants]], deterministic, same conventions; no published figures",
            **variant_results(),
        },
        "trace": {
            "note": (
                "people per state (primary_thr, success_primary, revision, success_revision, "
                "death) after cycles 1..8 = v[1..8] = sekalk's people at the end of projection "
                "years 0..7; 'published' has success_primary, revision, success_revision, death "
                "of the book's cycles 1..8 (heemod test, 8 decimals)"
            ),
            "standard": det["standard"]["trace"][1:9],
            "np1": det["np1"]["trace"][1:9],
            "published": PUBLISHED_TRACE,
        },
        "psa": {
            "note": (
                "numpy's own draws (PCG64); sekalk draws with its own generator, so compare its "
                "PSA means statistically (e.g. within 4 standard errors of the difference), "
                "not digit by digit. No PSA figures of the book were found to compare with."
            ),
            "draws": draws,
            "seed": seed,
            "numpy_version": np.__version__,
            **psa,
        },
        "sources": {
            "published_results": PUBLISHED["source"],
            "model_structure_and_inputs": (
                "LSHTM-GHECO/DM4HEE_RCode, Advanced_Course/A1.3.3_Advanced_Markov_Modelling_"
                "Solutions.R, commit 0d68f05962a544a56354e0cddcc6a6b2f921e78d (Briggs, Williams & "
                "Naylor: the book's THR model in R)"
            ),
            "distributions": (
                "LSHTM-GHECO/DM4HEE_RCode, Advanced_Course/A2.3.3_Making_Models_Probabilistic_"
                "Solutions.R, commit 0d68f05962a544a56354e0cddcc6a6b2f921e78d, and "
                "A2.3.1_Making_Models_Probabilistic_Instructions.Rmd, commit "
                "d7a30b5074a0133f47bff19ea348b6fbfb2f90fb"
            ),
            "regression_and_covariance": (
                "Excel-R-tutorials/Markov_Extensions, hazardfunction.csv (commit "
                "4dc5cf0e933d3c6a243eb9410a849829ac7fca3f) and cov55.csv (commit "
                "8d4d1c4b8d7d59b0e54b62bf5fd338a02658947a); coefficients to 7 digits as in the "
                "book's Excel: heemod test_dmhee.R above"
            ),
            "life_table": (
                "Excel-R-tutorials/Markov_Extensions, life-table.csv, commit "
                "8d4d1c4b8d7d59b0e54b62bf5fd338a02658947a"
            ),
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draws", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5, help="timed PSA repeats (default 5)")
    ap.add_argument("--sekalk", metavar="PATH", help="time `PATH psa …` as well")
    ap.add_argument("--no-write", action="store_true", help="do not write reference.json")
    ap.add_argument("--reference", default=str(REFERENCE), help="where to write the reference")
    args = ap.parse_args()

    det = {s: deterministic(s) for s in ("standard", "np1")}
    for s in ("standard", "np1"):
        ours = np.array(det[s]["trace"][1:9])[:, 1:]
        assert np.max(np.abs(ours - np.array(PUBLISHED_TRACE[s]))) < 1e-7, s
    det_prob_mult = deterministic("np1", np1_as_probability_multiplier=True)

    res, times = time_psa(args.draws, args.seed, args.repeats)
    psa = psa_summary(res)

    out = {
        "draws": args.draws,
        "seed": args.seed,
        "compute_ms_median": statistics.median(times),
        "compute_ms_best": min(times),
        "compute_repeats": args.repeats,
        **{k: v for k, v in psa.items() if k.startswith("mean_") or k == "icer_of_means"},
        "prob_np1_cost_effective": psa["prob_np1_cost_effective"],
        "deterministic": {
            "cost_standard": det["standard"]["cost"],
            "cost_np1": det["np1"]["cost"],
            "qaly_standard": det["standard"]["qaly"],
            "qaly_np1": det["np1"]["qaly"],
            "icer": (det["np1"]["cost"] - det["standard"]["cost"])
            / (det["np1"]["qaly"] - det["standard"]["qaly"]),
            "published": {k: PUBLISHED[k] for k in ("standard", "np1", "icer")},
        },
        "numpy_version": np.__version__,
    }

    if args.sekalk:
        sk = time_sekalk(args.sekalk, args.draws)
        out["sekalk"] = sk
        if sk["ok"]:
            out["ratio_numpy_compute_to_sekalk_whole_process"] = (
                out["compute_ms_median"] / sk["whole_process_ms_median"]
            )
        else:
            print(f"sekalk psa did not run ({sk.get('error', '')}); numpy figures only",
                  file=sys.stderr)

    if not args.no_write:
        ref = reference_document(det, det_prob_mult, psa, args.draws, args.seed)
        path = Path(args.reference)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(ref, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {os.path.relpath(path, Path.cwd())}", file=sys.stderr)

    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
