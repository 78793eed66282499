#!/usr/bin/env python3
"""Calibration check for the default Swedish sekalk model (27 states, monthly cycles).

Standard library only. Run from the repository root:
    python3 docs/calibration/check.py > docs/calibration/check_output.txt

Everything here mirrors docs/calibration/PARAMS.md and the model file (draft at
/work/notes/model/sverige.toml, to become models/sverige.toml). Every probability and every
amount below is the number written in the TOML file; change one, change the other.
"""
import math

# --------------------------------------------------------------------------
# States (PARAMS.md 1.1)
# --------------------------------------------------------------------------
CATS = [1, 2, 3, 4, 5]
BANDS = ["0_6", "7_12", "13_24", "25"]
BAND_WIDTH = {"0_6": 6, "7_12": 6, "13_24": 12, "25": None}
SUPPORT = [f"k{c}_{b}" for c in CATS for b in BANDS]
WORK = ["arbete_ny", "arbete", "arbete_stod"]
EXITS = ["arbete_ny", "arbete", "arbete_stod", "studier", "annan", "flyttat", "pension"]
GONE = ["flyttat", "pension"]          # absorbing: left the municipality's working-age population
STATES = SUPPORT + EXITS
IDX = {s: i for i, s in enumerate(STATES)}
N = len(STATES)
assert N == 27

# --------------------------------------------------------------------------
# Parameters (monthly probabilities) -- PARAMS.md section 1
# --------------------------------------------------------------------------
# Exit probabilities in band 0-6, per category: work (all work, subsidised or not),
# studies, annan, flyttat
BASE = {
    1: dict(w=0.400, s=0.015, a=0.060, f=0.012),
    2: dict(w=0.150, s=0.030, a=0.020, f=0.010),
    3: dict(w=0.040, s=0.012, a=0.015, f=0.008),
    4: dict(w=0.010, s=0.003, a=0.020, f=0.006),
    5: dict(w=0.003, s=0.000, a=0.020, f=0.006),
}
# Duration multipliers per band (0-6, 7-12, 13-24, 25+)
DUR_WS = [1.00, 0.45, 0.28, 0.14]   # exits to work and studies fall with duration
DUR_A = {1: [1.00, 0.60, 0.40, 0.30], 2: [1.00, 0.60, 0.40, 0.30], 3: [1.00, 0.60, 0.40, 0.30],
         4: [1.00, 1.00, 1.00, 1.00], 5: [1.00, 1.00, 1.00, 1.00]}  # exits to annan
DUR_F = [1.00, 1.00, 0.80, 0.60]    # moving away: falls somewhat
# Share of the exits to work that are subsidised (arbete_stod), by band: eligibility for
# nystartsjobb needs 12 of the last 15 months without work (26+), so it rises with duration.
SUBS = [0.10, 0.20, 0.40, 0.50]
# Category steps (stegförflyttning), same duration band, per month
STEP = {(4, 3): 0.010, (3, 2): 0.008, (2, 1): 0.006}
# Exit states
P_NY_TO_ARBETE = 1 / 6      # arbete_ny -> arbete (6-month tunnel, geometric)
R_NY = 0.060                # arbete_ny -> support (relapse, first 6 months in work)
R_ARB = 0.003               # arbete -> support
REL_SPLIT = {1: 0.55, 2: 0.35, 3: 0.10}   # where relapses from unsubsidised work go (k*_0_6)
STOD_TO_ARBETE = 0.035      # arbete_stod -> arbete (the job goes on without subsidy)
STOD_TO_ANNAN = 0.020       # arbete_stod -> annan (a-kassa after the subsidised job ends)
STOD_REL = {1: 0.01125, 2: 0.0100, 3: 0.00375}   # arbete_stod -> k*_0_6: 0.025 split 45/40/15
S_TO_WORK = 0.035           # studier -> arbete_ny
S_REL = 0.025               # studier -> k2_0_6
A_REL = 0.001               # annan -> k4_0_6
MOVE_OUT = 0.0035           # arbete_ny, arbete, arbete_stod, studier, annan -> flyttat
PEN_WORK = 0.0018           # arbete, arbete_stod -> pension (ageing out at 65, deaths)
PEN_ANNAN = 0.0043          # annan -> pension (an older group)


def support_row(c, bi, mult_w=1.0, mult_s=1.0, mult_step=1.0):
    """The explicit entries of the row of k{c}_{band}; the stay is the rest."""
    b = BANDS[bi]
    p = BASE[c]
    w = p["w"] * DUR_WS[bi]
    row = {
        "arbete_ny": w * (1 - SUBS[bi]) * mult_w,
        "arbete_stod": w * SUBS[bi] * mult_w,
        "studier": p["s"] * DUR_WS[bi] * mult_s,
        "annan": p["a"] * DUR_A[c][bi],
        "flyttat": p["f"] * DUR_F[bi],
    }
    if BAND_WIDTH[b]:
        row[f"k{c}_{BANDS[bi + 1]}"] = 1.0 / BAND_WIDTH[b]
    for (cf, ct), q in STEP.items():
        if cf == c:
            row[f"k{ct}_{b}"] = q * mult_step
    return {k: v for k, v in row.items() if v > 0}


def exit_rows():
    rows = {}
    rows["arbete_ny"] = {"arbete": P_NY_TO_ARBETE, "flyttat": MOVE_OUT}
    rows["arbete"] = {"flyttat": MOVE_OUT, "pension": PEN_WORK}
    for c, sh in REL_SPLIT.items():
        rows["arbete_ny"][f"k{c}_0_6"] = R_NY * sh
        rows["arbete"][f"k{c}_0_6"] = R_ARB * sh
    rows["arbete_stod"] = {"arbete": STOD_TO_ARBETE, "annan": STOD_TO_ANNAN,
                           "flyttat": MOVE_OUT, "pension": PEN_WORK}
    for c, q in STOD_REL.items():
        rows["arbete_stod"][f"k{c}_0_6"] = q
    rows["studier"] = {"arbete_ny": S_TO_WORK, "k2_0_6": S_REL, "flyttat": MOVE_OUT}
    rows["annan"] = {"k4_0_6": A_REL, "flyttat": MOVE_OUT, "pension": PEN_ANNAN}
    return rows


def build_P(mult_w=None, mult_s=None, mult_step=None, absorbing=()):
    """Transition matrix as a list of rows.

    mult_w / mult_s / mult_step: optional dict state -> multiplier on exits to work (both
    kinds) / studies / category steps.  absorbing: states made absorbing (first passages).
    """
    mult_w = mult_w or {}
    mult_s = mult_s or {}
    mult_step = mult_step or {}
    P = [[0.0] * N for _ in range(N)]
    for c in CATS:
        for bi, b in enumerate(BANDS):
            s = f"k{c}_{b}"
            i = IDX[s]
            if s in absorbing:
                P[i][i] = 1.0
                continue
            for t, q in support_row(c, bi, mult_w.get(s, 1.0), mult_s.get(s, 1.0),
                                    mult_step.get(s, 1.0)).items():
                P[i][IDX[t]] += q
            P[i][i] += 1.0 - sum(P[i])
    rows = exit_rows()
    for s in EXITS:
        i = IDX[s]
        if s in absorbing or s not in rows:
            P[i][i] = 1.0
            continue
        for t, q in rows[s].items():
            P[i][IDX[t]] += q
        P[i][i] += 1.0 - sum(P[i])
    for i, r in enumerate(P):
        assert abs(sum(r) - 1) < 1e-12 and min(r) >= 0, (STATES[i], r)
    return P


def step(v, P):
    out = [0.0] * N
    for i, x in enumerate(v):
        if x:
            r = P[i]
            for j in range(N):
                if r[j]:
                    out[j] += x * r[j]
    return out


def on_support(v):
    return sum(v[IDX[s]] for s in SUPPORT)


def entrants(mix):
    v = [0.0] * N
    for c, m in zip(CATS, mix):
        v[IDX[f"k{c}_0_6"]] = m
    return v


# --------------------------------------------------------------------------
# Inflow mix of new applicants: fitted so that the mix of ANNUAL recipients
# by category matches the target from försörjningshinder (PARAMS.md section 2)
# --------------------------------------------------------------------------
TARGET_RECIPIENT_MIX = [0.24, 0.30, 0.22, 0.14, 0.10]
STEADY_MONTHS = 1200       # 100 years: every stock has converged (check [S])


def steady_state(P, mix, months=STEADY_MONTHS):
    inflow = entrants(mix)
    v = [0.0] * N
    for _ in range(months):
        v = step(v, P)
        v = [a + b for a, b in zip(v, inflow)]
    return v


def annual_stats(P, v0, mix):
    """Months on support during one calendar year, open population.

    Augmented chain (state, counter 0..12). Occupancy at the start of month t is the
    month's state. New entrants arrive at the end of each month. A recipient's category is
    the category of the first support month of the year (steps during the year do not
    count twice). Returns (avg months among recipients, share with >= 10 months,
    recipients by category, recipients total)."""
    inflow = entrants(mix)
    sup = set(IDX[s] for s in SUPPORT)
    # state: (i, months counted, category of first support month in the year or 0)
    dist = {}
    for i, x in enumerate(v0):
        if x:
            cat = int(STATES[i][1]) if i in sup else 0
            dist[(i, 0, cat)] = x
    for t in range(12):
        dist2 = {}
        for (i, c, k), x in dist.items():
            key = (i, c + 1, k) if i in sup else (i, c, k)
            dist2[key] = dist2.get(key, 0.0) + x
        dist3 = {}
        for (i, c, k), x in dist2.items():
            r = P[i]
            for j in range(N):
                if r[j]:
                    kk = k
                    if t < 11 and kk == 0 and j in sup:
                        kk = int(STATES[j][1])
                    key = (j, c, kk)
                    dist3[key] = dist3.get(key, 0.0) + x * r[j]
        if t < 11:
            for j, x in enumerate(inflow):
                if x:
                    key = (j, 0, int(STATES[j][1]))
                    dist3[key] = dist3.get(key, 0.0) + x
        dist = dist3
    rec = sum(x for (i, c, k), x in dist.items() if c >= 1)
    months = sum(c * x for (i, c, k), x in dist.items())
    lt = sum(x for (i, c, k), x in dist.items() if c >= 10)
    rec_cat = {cc: sum(x for (i, c, k), x in dist.items() if c >= 1 and k == cc) for cc in CATS}
    return months / rec, lt / rec, rec_cat, rec


def fit_inflow_mix(P, iters=10):
    mix = TARGET_RECIPIENT_MIX[:]
    model = mix
    for _ in range(iters):
        v = steady_state(P, mix)
        _, _, rc, _ = annual_stats(P, v, mix)
        tot = sum(rc.values())
        model = [rc[c] / tot for c in CATS]
        mix = [m * t / mm for m, t, mm in zip(mix, TARGET_RECIPIENT_MIX, model)]
        s = sum(mix)
        mix = [m / s for m in mix]
    return mix, model


# --------------------------------------------------------------------------
# First-passage helpers
# --------------------------------------------------------------------------
def prob_reach(P_abs, start, targets, months):
    """P(reaching any of targets within `months`), targets made absorbing in P_abs."""
    v = [0.0] * N
    v[IDX[start]] = 1.0
    out = []
    for m in range(1, months + 1):
        v = step(v, P_abs)
        out.append(sum(v[IDX[t]] for t in targets))
    return out


def print_rows(P):
    print("\n[R] The transition rows as written in the model file (explicit entries; rest = stay)")
    for s in STATES:
        i = IDX[s]
        ent = [(STATES[j], P[i][j]) for j in range(N) if j != i and P[i][j] > 0]
        if not ent:
            print(f"    {s:9s}: absorbing")
            continue
        print(f"    {s:9s}: " + ", ".join(f"{t} {q:.6g}" for t, q in ent)
              + f"; stay {P[i][i]:.4f}")


def main():
    P = build_P()
    print("=" * 78)
    print("sekalk default Swedish model: calibration checks (27 states, monthly cycles)")
    print("Unit: the case (biståndshushåll), represented by its main adult applicant")
    print("=" * 78)
    print_rows(P)

    # ---------------- inflow mix and steady state
    mix, model_mix = fit_inflow_mix(P)
    print("\n[A] Inflow mix of new applicants (fitted to the annual-recipient mix by category)")
    for c, m, t, mm in zip(CATS, mix, TARGET_RECIPIENT_MIX, model_mix):
        print(f"    kategori {c}: inflow {m:6.1%}   annual recipients: target {t:5.1%}, model {mm:5.1%}")
    v = steady_state(P, mix)
    avg_m, lt, rc, rec = annual_stats(P, v, mix)
    stock = on_support(v)
    print("\n[B] Open population in steady state (constant monthly inflow), household unit")
    print(f"    benefit months per household and year among recipients: {avg_m:4.2f}"
          "   (target 6.6: Socialstyrelsen, national, 2012 and 2013, households; 7.0 Stockholm 2017)")
    print(f"    share of annual recipients with 10-12 months:             {lt:5.1%}"
          "  (target 40 %: adults 2012; 'drygt fyra av tio' 2020)")
    print(f"    annual recipients / point-in-time stock: {rec / stock:4.2f}"
          f"  (= 12 / months per recipient {12 / avg_m:4.2f}, up to entry timing)")
    ent_rel = {c: 0.0 for c in CATS}
    for e in EXITS:
        for c in CATS:
            ent_rel[c] += v[IDX[e]] * P[IDX[e]][IDX[f"k{c}_0_6"]]
    tot_rel = sum(ent_rel.values())
    print(f"    monthly new applicants = {1 / stock:5.2%} of the stock on support;"
          f" returns from exit states = {tot_rel / stock:5.2%} of the stock")
    print("    per 1 000 households on support: new applicants a month " + ", ".join(
        f"k{c}_0_6 {1000 * m / stock:5.2f}" for c, m in zip(CATS, mix))
          + f"  (total {1000 / stock:5.2f})")
    print("    all entries to band 0-6 by category (new + returns): " + ", ".join(
        f"k{c} {(m + ent_rel[c]) / (1 + tot_rel):4.1%}" for c, m in zip(CATS, mix)))
    print("    point-in-time stock on support by category and band (starting split):")
    print("              " + "  ".join(f"{b:>7}" for b in BANDS) + "    total")
    band_tot = [0.0] * 4
    for c in CATS:
        row = [v[IDX[f"k{c}_{b}"]] / stock for b in BANDS]
        band_tot = [a + b for a, b in zip(band_tot, row)]
        print(f"    kategori {c} " + "  ".join(f"{x:7.1%}" for x in row) + f"   {sum(row):6.1%}")
    print("    all        " + "  ".join(f"{x:7.1%}" for x in band_tot))
    print("    the same per 1 000 households (rounded; scenario starting split):")
    for c in CATS:
        print(f"    kategori {c} " + "  ".join(f"{1000 * v[IDX[f'k{c}_{b}']] / stock:7.0f}" for b in BANDS))
    ten_plus = band_tot[1] * 0.5 + band_tot[2] + band_tot[3]
    print(f"    share of stock on support >= 10 months (7-12 band counted half): {ten_plus:5.1%}"
          "  (Falun March 2016: 752/934 = 80.5 %)")
    print("    other stocks per household on support: " + ", ".join(
        f"{e} {v[IDX[e]] / stock:4.2f}" for e in ["arbete_ny", "arbete", "arbete_stod", "studier", "annan"]))

    # ---------------- new-entrant cohort
    print("\n[C] Cohort of new entrants (inflow mix), closed, start in band 0-6")
    v0 = entrants(mix)
    P_first = build_P(absorbing=EXITS + [s for s in SUPPORT if False])
    # first spell: leaving support ends it; a category step does not
    vv = v0[:]
    cont = {}
    for m in range(1, 61):
        vv = step(vv, P_first)
        cont[m] = on_support(vv)
    vv = v0[:]
    prev = {}
    for m in range(1, 61):
        vv = step(vv, P)
        prev[m] = on_support(vv)
    vv = v0[:]
    for m in range(48):
        vv = step(vv, P)
    never = [x if STATES[i] not in SUPPORT else 0.0 for i, x in enumerate(vv)]
    for m in range(11):
        never = step(never, P)
        never = [x if STATES[i] not in SUPPORT else 0.0 for i, x in enumerate(never)]
    any_y5 = 1.0 - sum(never)
    print(f"    still in the FIRST spell after 12 months:  {cont[12]:5.1%}"
          "   (Königs 2015: ~11 % of spells > 12 months, gaps counted as exits)")
    med = next(m for m in range(1, 61) if cont[m] <= 0.5)
    print(f"    median length of the first spell: {med} months"
          "   (Bergmark & Bäckman 2008: median 2-19 months by definition)")
    print(f"    on support at month 12 (incl. returners):  {prev[12]:5.1%}")
    print(f"    on support at month 60 (incl. returners):  {prev[60]:5.1%}")
    print(f"    first spell still running at month 48/60:  {cont[48]:5.1%} / {cont[60]:5.1%}")
    print(f"    any support month during year 5:           {any_y5:5.1%}"
          "   (Mood 2012: nearly 8 % still on support in year 5)")
    print(f"    -> Mood's 8 % should lie between {cont[60]:4.1%} (continuous) and {any_y5:4.1%} (any month)")

    # ---------------- exits and returns
    print("\n[D] Where exits go, and returns (steady-state exit flows)")
    dests = ["arbete_ny", "arbete_stod", "studier", "annan", "flyttat"]
    flows = {e: 0.0 for e in dests}
    origin = {e: {c: 0.0 for c in CATS} for e in dests}
    for s in SUPPORT:
        i = IDX[s]
        for e in dests:
            f = v[i] * P[i][IDX[e]]
            flows[e] += f
            origin[e][int(s[1])] += f
    tot = sum(flows.values())
    for e, x in flows.items():
        print(f"    share of exits to {e:11s}: {x / tot:5.1%}")
    wtot = flows["arbete_ny"] + flows["arbete_stod"]
    print(f"    subsidised share of exits to work: {flows['arbete_stod'] / wtot:5.1%}")
    print("    category of origin of exits to unsubsidised work: " + ", ".join(
        f"k{c} {origin['arbete_ny'][c] / flows['arbete_ny']:4.1%}" for c in CATS))
    print("      relapse split used for arbete_ny/arbete -> k*_0_6: " + ", ".join(
        f"k{c} {REL_SPLIT.get(c, 0):4.0%}" for c in CATS))
    st = sum(STOD_REL.values())
    print("    category of origin of exits to subsidised work:   " + ", ".join(
        f"k{c} {origin['arbete_stod'][c] / flows['arbete_stod']:4.1%}" for c in CATS))
    print("      relapse split used for arbete_stod -> k*_0_6:      " + ", ".join(
        f"k{c} {STOD_REL.get(c, 0) / st:4.0%}" for c in CATS))
    P_ret = build_P(absorbing=SUPPORT)
    ret3 = ret12 = 0.0
    ret3_nf = ret12_nf = tot_nf = 0.0
    for e, x in flows.items():
        r = prob_reach(P_ret, e, SUPPORT, 12)
        ret3 += x * r[2]
        ret12 += x * r[11]
        if e != "flyttat":
            ret3_nf += x * r[2]
            ret12_nf += x * r[11]
            tot_nf += x
        print(f"      from {e:11s}: back on support within 3 months {r[2]:5.1%}, within 12 months {r[11]:5.1%}")
    print(f"    all exits:            back within 3 months {ret3 / tot:5.1%}, within 12 months {ret12 / tot:5.1%}")
    print(f"    exits excl. flyttat:  back within 3 months {ret3_nf / tot_nf:5.1%}, within 12 months {ret12_nf / tot_nf:5.1%}")
    print("    (Königs 2015: the majority of leavers return within 3 months, with one-month gaps as exits)")

    # ---------------- per category: exits and steps in 12 months
    print("\n[E] Per category, one case from the steady-state stock, next 12 months")
    P_abs = build_P(absorbing=EXITS)
    for c in CATS:
        wsum = sum(v[IDX[f"k{c}_{b}"]] for b in BANDS)
        start = [0.0] * N
        for b in BANDS:
            start[IDX[f"k{c}_{b}"]] = v[IDX[f"k{c}_{b}"]] / wsum
        vv = start[:]
        for _ in range(12):
            vv = step(vv, P_abs)
        ws = sum(vv[IDX[e]] for e in ("arbete_ny", "arbete_stod", "studier"))
        ex = sum(vv[IDX[e]] for e in EXITS)
        stepped = sum(vv[IDX[f"k{cc}_{b}"]] for cc in CATS if cc < c for b in BANDS)
        print(f"    kategori {c}: left support {ex:5.1%}; to work/studies {ws:5.1%}"
              f" = {ws / ex if ex else 0:5.1%} of exits; still on support in a better category {stepped:5.1%}")
    start = [0.0] * N
    w23 = sum(v[IDX[f"k{c}_{b}"]] for c in (2, 3) for b in BANDS)
    for c in (2, 3):
        for b in BANDS:
            start[IDX[f"k{c}_{b}"]] = v[IDX[f"k{c}_{b}"]] / w23
    vv = start[:]
    for _ in range(12):
        vv = step(vv, P_abs)
    ws = sum(vv[IDX[e]] for e in ("arbete_ny", "arbete_stod", "studier"))
    ex = sum(vv[IDX[e]] for e in EXITS)
    print(f"    kategori 2-3 stock: to work/studies within 12 months {ws:5.1%};"
          f" {ws / ex:5.1%} of those who left")
    print("    (Kolada: 35-40 % of participants ENDED from municipal labour-market measures go to"
          " work or studies; its denominator also counts endings without leaving support)")

    # ---------------- 30-year projection with inflow
    projection(P, v, mix)
    # ---------------- Falun reconstruction
    falun(P, v)
    # ---------------- costs, equalisation, typical intervention
    print_costs()
    print_equalisation()
    typical(P, v)


# --------------------------------------------------------------------------
# [S] 30 years with inflow: nobody trapped, stocks stay in range (PARAMS.md 1.4)
# --------------------------------------------------------------------------
HH_2019_2024 = {2019: 202199, 2020: 198514, 2021: 182328, 2022: 160630, 2023: 145740, 2024: 145456}


def projection(P, v_ss, mix):
    stock_ss = on_support(v_ss)
    lo, hi = min(HH_2019_2024.values()), max(HH_2019_2024.values())
    mean = sum(HH_2019_2024.values()) / len(HH_2019_2024)
    print("\n[S] 30-year projection, 1 000 households on support at the start (steady-state split,")
    print("    nobody yet in the exit states), constant inflow of new applicants as in [B]")
    inflow = [x * 1000 / stock_ss for x in entrants(mix)]
    v = [0.0] * N
    for s in SUPPORT:
        v[IDX[s]] = v_ss[IDX[s]] * 1000 / stock_ss
    groups = [("stöd", SUPPORT), ("arbete", ["arbete_ny", "arbete"]), ("arbete_stod", ["arbete_stod"]),
              ("studier", ["studier"]), ("annan", ["annan"]), ("flyttat", ["flyttat"]),
              ("pension", ["pension"])]
    print("    year  " + " ".join(f"{g:>11}" for g, _ in groups) + "   alive in the kommun")
    hist = {}
    for t in range(30 * 12 + 1):
        if t % 12 == 0:
            y = t // 12
            vals = [sum(v[IDX[s]] for s in ss) for _, ss in groups]
            alive = sum(v) - v[IDX["flyttat"]] - v[IDX["pension"]]
            hist[y] = (vals, alive)
            if y in (0, 1, 2, 5, 10, 15, 20, 25, 30):
                print(f"    {y:4d}  " + " ".join(f"{x:11.0f}" for x in vals) + f"   {alive:9.0f}")
        v = step(v, P)
        v = [a + b for a, b in zip(v, inflow)]
    sup = [hist[y][0][0] for y in range(31)]
    print(f"    support stock: min {min(sup):.0f}, max {max(sup):.0f} over 30 years"
          f" (relative to the start {min(sup) / 1000:.3f}-{max(sup) / 1000:.3f})")
    print(f"    sourced band: national households 2019-2024 {lo}-{hi} (Socialstyrelsen via Regionfakta),"
          f" i.e. {lo / mean:.2f}-{hi / mean:.2f} of their mean;"
          f" model {'INSIDE' if lo / mean <= min(sup) / 1000 and max(sup) / 1000 <= hi / mean else 'OUTSIDE'}")
    for name, k in (("all work", None), ("alive in the kommun", "alive")):
        if k is None:
            a20 = hist[20][0][1] + hist[20][0][2]
            a30 = hist[30][0][1] + hist[30][0][2]
        else:
            a20, a30 = hist[20][1], hist[30][1]
        print(f"    {name}: year 20 {a20:.0f}, year 30 {a30:.0f};"
              f" growth in years 20-30 {((a30 / a20) ** 0.1 - 1):+.2%} a year")
    # the same with the full steady state as the start (support AND exit states): flat
    v = [x * 1000 / stock_ss for x in v_ss]
    sup_f, alive_f = [], []
    for t in range(30 * 12 + 1):
        if t % 12 == 0:
            sup_f.append(on_support(v))
            alive_f.append(sum(v) - v[IDX["flyttat"]] - v[IDX["pension"]])
        v = step(v, P)
        v = [a + b for a, b in zip(v, inflow)]
    print(f"    start = full steady state scaled to 1 000 on support (exit states included):"
          f" support stock {min(sup_f):.1f}-{max(sup_f):.1f}, alive {min(alive_f):.0f}-{max(alive_f):.0f} over 30 years")
    print("    per 1 000 on support, the exit-state stocks of that start: " + ", ".join(
        f"{e} {1000 * v_ss[IDX[e]] / stock_ss:.0f}" for e in ["arbete_ny", "arbete", "arbete_stod", "studier", "annan"]))
    # closed-form limits
    alive_ss = sum(v_ss) - v_ss[IDX["flyttat"]] - v_ss[IDX["pension"]]
    print(f"    limit (steady state): alive in the kommun {1000 * alive_ss / stock_ss:.0f} per 1 000 on support;"
          f" in work {1000 * sum(v_ss[IDX[s]] for s in WORK) / stock_ss:.0f};"
          f" in annan {1000 * v_ss[IDX['annan']] / stock_ss:.0f}")


# --------------------------------------------------------------------------
# Falun "Framgången" (seed 002) -- PARAMS.md section 4
# --------------------------------------------------------------------------
FALUN_INTAKE = {}
for m in range(0, 4):
    FALUN_INTAKE[m] = 6
for m in range(4, 12):
    FALUN_INTAKE[m] = 7
for m in range(16, 20):
    FALUN_INTAKE[m] = 8
for m in range(22, 28):
    FALUN_INTAKE[m] = 16
FALUN_INTAKE[27] += 5
FOLLOWUP_END = 28.3   # 10 January 2019, months after 1 Sep 2016
FALUN_CATMIX = {2: 0.45, 3: 0.40, 4: 0.15}
FALUN_GOOD = ("arbete_ny", "arbete_stod", "studier")   # "arbete med eller utan statligt stöd"


def falun_start(v):
    start = [0.0] * N
    for c, share in FALUN_CATMIX.items():
        w = sum(v[IDX[f"k{c}_{b}"]] for b in BANDS[1:])
        for b in BANDS[1:]:
            start[IDX[f"k{c}_{b}"]] += share * v[IDX[f"k{c}_{b}"]] / w
    return start


def falun_share(v, mult):
    targets = [s for s in SUPPORT if int(s[1]) in FALUN_CATMIX]
    P_m = build_P(mult_w={s: mult for s in targets}, mult_s={s: mult for s in targets},
                  absorbing=EXITS)
    start = falun_start(v)
    total = sum(FALUN_INTAKE.values())
    got = 0.0
    for m0, n in FALUN_INTAKE.items():
        months = int(round(FOLLOWUP_END - m0 - 0.5))
        vv = start[:]
        for t in range(1, months + 1):
            vv = step(vv, P_m)
        got += n * sum(vv[IDX[e]] for e in FALUN_GOOD)
    return got / total


def falun(P, v):
    print("\n[F] Falun 'Framgången' reconstruction (213 participants, follow-up to 10 Jan 2019)")
    total = sum(FALUN_INTAKE.values())
    fu = [(int(round(FOLLOWUP_END - m0 - 0.5)), n) for m0, n in FALUN_INTAKE.items()]
    mean_fu = sum(a * n for a, n in fu) / total
    under12 = sum(n for a, n in fu if a < 12)
    print(f"    participants {total}; mean follow-up {mean_fu:4.1f} months;"
          f" {under12} ({under12 / total:4.1%}) followed < 12 months")
    base = falun_share(v, 1.0)
    print(f"    baseline model: {base:5.1%} first exit to work (with or without subsidy) or studies")
    lo, hi = 1.0, 4.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if falun_share(v, mid) < 0.3474:
            lo = mid
        else:
            hi = mid
    print(f"    multiplier on exits to work (both kinds) AND studies that reproduces 34.74 %: {hi:4.2f}")
    for m in (1.4, 2.0, 2.5):
        print(f"      multiplier {m:3.1f}: {falun_share(v, m):5.1%}")


# --------------------------------------------------------------------------
# Cost items (PARAMS.md section 3), 2024 prices, kr per case-month, EXACTLY as in the TOML
# --------------------------------------------------------------------------
PBB_2024 = 57300
TAX_TOTAL = 0.3237                       # SCB average 2024, kommun + region (verified)
TAX_KOMMUN = TAX_TOTAL * 20.74 / 32.13   # 2018 split scaled (ASSUMPTION) = 0.2089
TAX_REGION = TAX_TOTAL - TAX_KOMMUN      # 0.1148
EMP_RATE = 0.3142
WAGE = 24000

FBS = 10970          # försörjningsstöd per household-month: 75 045 / 6.84 (model months, [B])
HANDL = 1740
NYANSOKAN = 3370
PROD = 31541         # WAGE * 1.3142
AGAVG = 7541
KSKATT_K = 4437
KSKATT_R = 2437
JSA = 2360
SUBSIDY = 11312      # nystartsjobb at 1.5 x employer contributions (7 541 x 1.5)
PROD_STOD = PROD - SUBSIDY   # 20 229: the employer's own willingness to pay
STUD_BIDRAG = 7353
KOMVUX = 5060        # 49 400 (2018) x 1.035**6 / 12 (cost index: ASSUMPTION 3.5 %/yr)
GARANTI = 13275
SKATT_A_K = 2004
SKATT_A_R = 1101
REGION_HEALTH = 2460  # 2 300 (2022) x 1.035**2 (cost index: ASSUMPTION 3.5 %/yr)
ACTORS = ["kommun", "region", "staten", "individ"]

# Equalisation (PARAMS.md 3.5): share of the marginal tax the receiver keeps
U_TOTAL = 29.08       # total utjämningsskattesats, every län (SFS 2019:797, kommun + region)
U_KOMMUN_MEAN = None  # computed below from the county table
COUNTY_RATES = {       # SFS 2019:797, 2 §: länsvisa skattesatser for inkomstutjämningsbidrag
    "Stockholms": (19.05, 10.03), "Uppsala": (19.14, 9.94), "Södermanlands": (19.87, 9.21),
    "Östergötlands": (18.93, 10.15), "Jönköpings": (19.14, 9.94), "Kronobergs": (19.77, 9.31),
    "Kalmar": (20.36, 8.72), "Blekinge": (19.11, 9.97), "Skåne": (19.70, 9.38),
    "Hallands": (19.28, 9.80), "Västra Götalands": (19.41, 9.67), "Värmlands": (19.97, 9.11),
    "Örebro": (19.00, 10.08), "Västmanlands": (20.19, 8.89), "Dalarnas": (19.52, 9.56),
    "Gävleborgs": (19.31, 9.77), "Västernorrlands": (21.04, 8.04), "Jämtlands": (20.17, 8.91),
    "Västerbottens": (20.55, 8.53), "Norrbottens": (20.45, 8.63),
}
KEPT_KOMMUN = 0.06
KEPT_REGION = 0.18


def print_equalisation():
    print("\n[Q] Tax incidence after inkomstutjämning (kept share = 1 - utjämningsskattesats / own rate)")
    sums = {k: round(a + b, 2) for k, (a, b) in COUNTY_RATES.items()}
    print(f"    county rates kommun + region sum to {sorted(set(sums.values()))} in every län listed")
    uk = sum(a for a, b in COUNTY_RATES.values()) / len(COUNTY_RATES)
    ur = sum(b for a, b in COUNTY_RATES.values()) / len(COUNTY_RATES)
    print(f"    unweighted mean of the 20 county rates: kommun {uk:.2f}, region {ur:.2f}")
    tk, tr = TAX_KOMMUN * 100, TAX_REGION * 100
    print(f"    national average own rates 2024 (model): kommun {tk:.2f}, region {tr:.2f}, total {TAX_TOTAL * 100:.2f}")
    print(f"    -> kept share kommun 1 - {uk:.2f}/{tk:.2f} = {1 - uk / tk:.3f};"
          f" region 1 - {ur:.2f}/{tr:.2f} = {1 - ur / tr:.3f};"
          f" both together 1 - {U_TOTAL}/{TAX_TOTAL * 100:.2f} = {1 - U_TOTAL / (TAX_TOTAL * 100):.3f}")
    fk, fr = 22.07, 11.64
    print(f"    Falun (kommun 22.07 % 2018, falun.se) / Region Dalarna (11.64 %, secondary):"
          f" kommun 1 - 19.52/22.07 = {1 - 19.52 / fk:.3f}; region 1 - 9.56/11.64 = {1 - 9.56 / fr:.3f}")
    lo_k = min(1 - a / tk for a, b in COUNTY_RATES.values())
    hi_k = max(1 - a / tk for a, b in COUNTY_RATES.values())
    print(f"    at the national own rate, the county rates give a kommun kept share of {lo_k:.3f}-{hi_k:.3f}")
    print(f"    model defaults: kommun {KEPT_KOMMUN}, region {KEPT_REGION} (rest to staten)")


def cost_vectors(kept_k=KEPT_KOMMUN, kept_r=KEPT_REGION):
    """Net cost per actor and state (positive = cost to that actor); taxes after equalisation."""
    C = {a: [0.0] * N for a in ACTORS}

    def tax(i, amount, receiver, kept):
        C["individ"][i] += amount
        C[receiver][i] -= kept * amount
        C["staten"][i] -= (1 - kept) * amount

    for s in SUPPORT:
        i = IDX[s]
        C["kommun"][i] += FBS + HANDL
        C["individ"][i] -= FBS
        if s[1] in "45":
            C["region"][i] += REGION_HEALTH
    for s in WORK:
        i = IDX[s]
        C["individ"][i] -= PROD_STOD if s == "arbete_stod" else PROD
        C["individ"][i] += AGAVG - JSA
        C["staten"][i] += -AGAVG + JSA
        tax(i, KSKATT_K, "kommun", kept_k)
        tax(i, KSKATT_R, "region", kept_r)
        if s == "arbete_stod":
            C["staten"][i] += SUBSIDY
            C["individ"][i] -= SUBSIDY
    i = IDX["studier"]
    C["staten"][i] += STUD_BIDRAG
    C["individ"][i] -= STUD_BIDRAG
    C["kommun"][i] += KOMVUX
    i = IDX["annan"]
    C["staten"][i] += GARANTI
    C["individ"][i] -= GARANTI
    tax(i, SKATT_A_K, "kommun", kept_k)
    tax(i, SKATT_A_R, "region", kept_r)
    C["region"][i] += REGION_HEALTH
    return C


def kr(x):
    return f"{x:,.0f}".replace(",", " ")


def ceil100(x):
    return math.ceil(x / 100) * 100


def grundavdrag(fi, pbb=PBB_2024):
    """Grundavdrag, under 66 (63 kap. 3 § IL as recalled; see PARAMS.md)."""
    if fi <= 0.99 * pbb:
        ga = 0.423 * pbb
    elif fi <= 2.72 * pbb:
        ga = 0.423 * pbb + 0.20 * (fi - 0.99 * pbb)
    elif fi <= 3.11 * pbb:
        ga = 0.77 * pbb
    elif fi <= 7.88 * pbb:
        ga = 0.77 * pbb - 0.10 * (fi - 3.11 * pbb)
    else:
        ga = 0.293 * pbb
    return min(ceil100(ga), fi)


def jobbskatteavdrag(ai, ga, rate=TAX_TOTAL, pbb=PBB_2024):
    """Jobbskatteavdrag 2024, under 65 at start of year (Björn Lundén, 2023-12-18)."""
    ai = math.floor(ai / 100) * 100
    if ai <= 0.91 * pbb:
        base = ai - ga
    elif ai <= 3.24 * pbb:
        base = 0.91 * pbb + 0.3874 * (ai - 0.91 * pbb) - ga
    elif ai <= 8.08 * pbb:
        base = 1.813 * pbb + 0.1643 * (ai - 3.24 * pbb) - ga
    else:
        base = 2.608 * pbb - ga
    return max(base, 0) * rate


def print_costs():
    print("\n[H] Cost items: the TOML amounts and the arithmetic behind them (kr per case-month, 2024)")
    ga = grundavdrag(12 * WAGE)
    taxable = 12 * WAGE - ga
    checks = [
        ("fbs", FBS, 75045 / 6.84),
        ("prod", PROD, WAGE * (1 + EMP_RATE)),
        ("agavg", AGAVG, WAGE * EMP_RATE),
        ("kskatt_kommun", KSKATT_K, taxable * TAX_KOMMUN / 12),
        ("kskatt_region", KSKATT_R, taxable * TAX_REGION / 12),
        ("jsa", JSA, jobbskatteavdrag(12 * WAGE, ga) / 12),
        ("lonesubvention", SUBSIDY, 1.5 * WAGE * EMP_RATE),
        ("prod_stod", PROD_STOD, WAGE * (1 + EMP_RATE) - 1.5 * WAGE * EMP_RATE),
        ("komvux", KOMVUX, 49400 * 1.035 ** 6 / 12),
        ("garanti", GARANTI, 2.78 * PBB_2024 / 12),
        ("skatt_annan_kommun", SKATT_A_K, (12 * GARANTI - grundavdrag(12 * GARANTI)) * TAX_KOMMUN / 12),
        ("skatt_annan_region", SKATT_A_R, (12 * GARANTI - grundavdrag(12 * GARANTI)) * TAX_REGION / 12),
        ("region_halsa", REGION_HEALTH, 2300 * 1.035 ** 2),
    ]
    for name, used, exact in checks:
        print(f"    {name:19s} {kr(used):>7} kr   (arithmetic {exact:9.1f})")
    net_work = WAGE - (KSKATT_K + KSKATT_R - JSA)
    print(f"    net wage {kr(net_work)} kr; staten's net per month in unsubsidised work {kr(AGAVG - JSA)} kr,"
          f" in subsidised work {kr(AGAVG - JSA - SUBSIDY)} kr (before the equalisation rest)")


# --------------------------------------------------------------------------
# Typical municipal intervention -- PARAMS.md section 5
# --------------------------------------------------------------------------
def run_intervention(P, start, mult, months_in, horizon, r, kept_k, kept_r):
    targets = [f"k{c}_{b}" for c in (2, 3) for b in BANDS]
    P_alt = build_P(mult_w={s: mult for s in targets}, mult_s={s: mult for s in targets})
    C = cost_vectors(kept_k, kept_r)
    out = {}
    for name, Pin in (("base", None), ("alt", P_alt)):
        vv = start[:]
        acc = {a: 0.0 for a in ACTORS}
        sup = work = 0.0
        for t in range(horizon):
            d = (1 + r) ** -(t // 12)
            sup += on_support(vv)
            work += sum(vv[IDX[s]] for s in WORK)
            for a in ACTORS:
                acc[a] += d * sum(x * c for x, c in zip(vv, C[a]))
            vv = step(vv, Pin if (Pin is not None and t < months_in) else P)
        out[name] = (acc, sup, work)
    return out


def typical(P, v, mult=1.4, months_in=12, cost=60000, horizon=120, r=0.035):
    print("\n[G] Typical intervention: 40 places, kategori 2-3 (bands 7+), 60 000 kr/participant"
          f" (kommun), 12 months, x{mult} on exits to work (both kinds) and studies while in it")
    start = [0.0] * N
    w = sum(v[IDX[f"k{c}_{b}"]] for c in (2, 3) for b in BANDS[1:])
    for c in (2, 3):
        for b in BANDS[1:]:
            start[IDX[f"k{c}_{b}"]] = v[IDX[f"k{c}_{b}"]] / w
    for kept_k, kept_r, label in ((1.0, 1.0, "no equalisation (full tax kept)"),
                                  (KEPT_KOMMUN, KEPT_REGION, "default kept shares")):
        o = run_intervention(P, start, mult, months_in, horizon, r, kept_k, kept_r)
        (ab, sb, wb), (aa, sa, wa) = o["base"], o["alt"]
        nbs = {a: ab[a] - aa[a] for a in ACTORS}
        nbs["kommun"] -= cost
        pub = nbs["kommun"] + nbs["region"] + nbs["staten"]
        print(f"    {label}: kept kommun {kept_k}, region {kept_r}")
        print(f"      per participant over 10 years: support months {sb:5.1f} -> {sa:5.1f}"
              f" (avoided {sb - sa:4.2f}); work months {wb:5.1f} -> {wa:5.1f} (+{wa - wb:4.2f})")
        print("      NB per participant (3.5 %): " + ", ".join(f"{a} {kr(nbs[a])}" for a in ACTORS)
              + f"; public sector {kr(pub)}; society {kr(pub + nbs['individ'])}")
    print("    (sanity check only: start-of-cycle counting, no nyansokan; the engine's numbers differ)")


if __name__ == "__main__":
    main()
