#!/usr/bin/env python3
"""Calibration check for the default Swedish sekalk model (25 states, monthly cycles).

Standard library only. Run:  python3 check.py
Everything here mirrors PARAMS.md; change a number there, change it here.
"""
import math

# --------------------------------------------------------------------------
# States
# --------------------------------------------------------------------------
CATS = [1, 2, 3, 4, 5]
BANDS = ["0_6", "7_12", "13_24", "25"]
BAND_WIDTH = {"0_6": 6, "7_12": 6, "13_24": 12, "25": None}
SUPPORT = [f"k{c}_{b}" for c in CATS for b in BANDS]
EXITS = ["arbete_ny", "arbete", "studier", "annan", "flyttat"]
STATES = SUPPORT + EXITS
IDX = {s: i for i, s in enumerate(STATES)}
N = len(STATES)
assert N == 25

# --------------------------------------------------------------------------
# Parameters (monthly probabilities) -- see PARAMS.md section 1
# --------------------------------------------------------------------------
# Exit probabilities in band 0-6, per category: work, studies, annan, flyttat
BASE = {
    1: dict(w=0.220, s=0.015, a=0.050, f=0.012),
    2: dict(w=0.090, s=0.030, a=0.015, f=0.010),
    3: dict(w=0.035, s=0.012, a=0.015, f=0.008),
    4: dict(w=0.010, s=0.003, a=0.030, f=0.006),
    5: dict(w=0.003, s=0.000, a=0.030, f=0.006),
}
# Duration multipliers per band (0-6, 7-12, 13-24, 25+)
DUR_WS = [1.00, 0.60, 0.40, 0.22]   # exits to work and studies fall with duration
DUR_A = {1: [1.00, 0.70, 0.50, 0.40], 2: [1.00, 0.70, 0.50, 0.40], 3: [1.00, 0.70, 0.50, 0.40],
         4: [1.00, 1.00, 1.00, 1.00], 5: [1.00, 1.00, 1.00, 1.00]}  # exits to annan
DUR_F = [1.00, 1.00, 0.80, 0.60]    # moving away: falls somewhat
# Exit states
P_NY_TO_ARBETE = 1 / 6      # arbete_ny -> arbete (tunnel of 6 months, geometric)
R_NY = 0.080                # arbete_ny -> k1_0_6 (relapse, first 6 months in work)
R_ARB = 0.003               # arbete -> k1_0_6
S_TO_WORK = 0.035           # studier -> arbete_ny
S_REL = 0.025               # studier -> k2_0_6
A_REL = 0.001               # annan -> k4_0_6


def build_P(mult_w=None, mult_s=None, absorbing=()):
    """Transition matrix as a list of rows.

    mult_w / mult_s: optional dict state -> multiplier on exits to work / studies
    absorbing: states made absorbing (for first-passage calculations)
    """
    mult_w = mult_w or {}
    mult_s = mult_s or {}
    P = [[0.0] * N for _ in range(N)]
    for c in CATS:
        for bi, b in enumerate(BANDS):
            s = f"k{c}_{b}"
            i = IDX[s]
            if s in absorbing:
                P[i][i] = 1.0
                continue
            p = BASE[c]
            w = p["w"] * DUR_WS[bi] * mult_w.get(s, 1.0)
            st = p["s"] * DUR_WS[bi] * mult_s.get(s, 1.0)
            a = p["a"] * DUR_A[c][bi]
            f = p["f"] * DUR_F[bi]
            P[i][IDX["arbete_ny"]] += w
            P[i][IDX["studier"]] += st
            P[i][IDX["annan"]] += a
            P[i][IDX["flyttat"]] += f
            wd = BAND_WIDTH[b]
            if wd:
                P[i][IDX[f"k{c}_{BANDS[bi + 1]}"]] += 1.0 / wd
            P[i][i] += 1.0 - sum(P[i])
    def row(s, moves):
        i = IDX[s]
        if s in absorbing:
            P[i][i] = 1.0
            return
        for t, q in moves.items():
            P[i][IDX[t]] += q
        P[i][i] += 1.0 - sum(P[i])
    row("arbete_ny", {"arbete": P_NY_TO_ARBETE, "k1_0_6": R_NY})
    row("arbete", {"k1_0_6": R_ARB})
    row("studier", {"arbete_ny": S_TO_WORK, "k2_0_6": S_REL})
    row("annan", {"k4_0_6": A_REL})
    row("flyttat", {})
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


def steady_state(P, mix, months=240):
    inflow = entrants(mix)
    v = [0.0] * N
    for _ in range(months):
        v = step(v, P)
        v = [a + b for a, b in zip(v, inflow)]
    return v


def annual_stats(P, v0, mix):
    """Months on support during one calendar year, open population.

    Augmented chain (state, counter 0..12). Occupancy at the start of month t
    is the month's state. New entrants arrive at the end of each month.
    Returns (avg months among recipients, share with >=10 months,
             recipients by category (approx.), recipients total)."""
    inflow = entrants(mix)
    dist = {(i, 0): x for i, x in enumerate(v0) if x}
    sup = set(IDX[s] for s in SUPPORT)
    # approx. recipients per category: stock at start + entries during the year
    rec_cat = {c: sum(v0[IDX[f"k{c}_{b}"]] for b in BANDS) for c in CATS}
    for t in range(12):
        # count this month
        dist2 = {}
        for (i, c), x in dist.items():
            key = (i, c + 1) if i in sup else (i, c)
            dist2[key] = dist2.get(key, 0.0) + x
        # transition
        dist3 = {}
        for (i, c), x in dist2.items():
            r = P[i]
            for j in range(N):
                if r[j]:
                    if j in sup and i not in sup and t < 11:
                        cat = int(STATES[j][1])
                        rec_cat[cat] += x * r[j]
                    dist3[(j, c)] = dist3.get((j, c), 0.0) + x * r[j]
        if t < 11:
            for j, x in enumerate(inflow):
                if x:
                    dist3[(j, 0)] = dist3.get((j, 0), 0.0) + x
                    rec_cat[int(STATES[j][1])] += x
        dist = dist3
    rec = sum(x for (i, c), x in dist.items() if c >= 1)
    months = sum(c * x for (i, c), x in dist.items())
    lt = sum(x for (i, c), x in dist.items() if c >= 10)
    return months / rec, lt / rec, rec_cat, rec


def fit_inflow_mix(P, iters=8):
    mix = TARGET_RECIPIENT_MIX[:]
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


def main():
    P = build_P()
    print("=" * 72)
    print("sekalk default Swedish model: calibration checks (monthly cycles)")
    print("=" * 72)

    # ---------------- inflow mix and steady state
    mix, model_mix = fit_inflow_mix(P)
    print("\n[A] Inflow mix of new applicants (fitted to annual-recipient mix)")
    for c, m, t, mm in zip(CATS, mix, TARGET_RECIPIENT_MIX, model_mix):
        print(f"    kategori {c}: inflow {m:6.1%}   annual recipients: target {t:5.1%}, model {mm:5.1%}")
    v = steady_state(P, mix)
    avg_m, lt, rc, rec = annual_stats(P, v, mix)
    print("\n[B] Open population in steady state (constant monthly inflow)")
    print(f"    average benefit months per year among recipients: {avg_m:4.2f}"
          "   (target 6.6 national 2012-13; 7.0 Stockholm 2017)")
    print(f"    share of annual recipients with 10-12 months:      {lt:5.1%}"
          "  (target 40 % 2012/2016, 'drygt fyra av tio' 2020)")
    stock = on_support(v)
    ent_new = 1.0
    ent_rel = {c: 0.0 for c in CATS}
    for e in ("arbete_ny", "arbete", "studier", "annan"):
        for c in CATS:
            ent_rel[c] += v[IDX[e]] * P[IDX[e]][IDX[f"k{c}_0_6"]]
    tot_rel = sum(ent_rel.values())
    print(f"    monthly new applicants = {ent_new / stock:5.2%} of the stock on support;"
          f" returns from exit states = {tot_rel / stock:5.2%} of the stock")
    print("    all entries to band 0-6 by category (new + returns): " + ", ".join(
        f"k{c} {(m * ent_new + ent_rel[c]) / (ent_new + tot_rel):4.1%}" for c, m in zip(CATS, mix)))
    print("    point-in-time stock on support by category and band (starting split):")
    print("              " + "  ".join(f"{b:>7}" for b in BANDS) + "    total")
    band_tot = [0.0] * 4
    for c in CATS:
        row = [v[IDX[f"k{c}_{b}"]] / stock for b in BANDS]
        band_tot = [a + b for a, b in zip(band_tot, row)]
        print(f"    kategori {c} " + "  ".join(f"{x:7.1%}" for x in row) + f"   {sum(row):6.1%}")
    print("    all        " + "  ".join(f"{x:7.1%}" for x in band_tot))
    ten_plus = band_tot[1] * 0.5 + band_tot[2] + band_tot[3]
    print(f"    share of stock on support >= 10 months (7-12 band counted half): {ten_plus:5.1%}"
          "  (Falun March 2016: 752/934 = 80.5 %)")

    # ---------------- new-entrant cohort
    print("\n[C] Cohort of new entrants (inflow mix), closed, start in band 0-6")
    v0 = entrants(mix)
    # continuous first spell: all exit states absorbing
    P_first = build_P(absorbing=EXITS)
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
    # any month on support during year 5 (months 49-60): flag chain
    vv = v0[:]
    for m in range(48):
        vv = step(vv, P)
    # probability of at least one support month in months 48..59 (start-of-month states)
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
    print("\n[D] Where exits go, and returns (steady state exit flows)")
    flows = {e: 0.0 for e in ["arbete_ny", "studier", "annan", "flyttat"]}
    for s in SUPPORT:
        i = IDX[s]
        for e in flows:
            flows[e] += v[i] * P[i][IDX[e]]
    tot = sum(flows.values())
    for e, x in flows.items():
        print(f"    share of exits to {e:9s}: {x / tot:5.1%}")
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
        print(f"      from {e:9s}: back on support within 3 months {r[2]:5.1%}, within 12 months {r[11]:5.1%}")
    print(f"    all exits:            back within 3 months {ret3 / tot:5.1%}, within 12 months {ret12 / tot:5.1%}")
    print(f"    exits excl. flyttat:  back within 3 months {ret3_nf / tot_nf:5.1%}, within 12 months {ret12_nf / tot_nf:5.1%}")
    print("    (Königs 2015: the majority of leavers return within 3 months, with one-month gaps as exits)")

    # ---------------- per category: exits in 12 months, Kolada analogue
    print("\n[E] Per category, one person from the steady-state stock, next 12 months")
    P_abs = build_P(absorbing=EXITS)
    for c in CATS:
        wsum = sum(v[IDX[f"k{c}_{b}"]] for b in BANDS)
        start = [0.0] * N
        for b in BANDS:
            start[IDX[f"k{c}_{b}"]] = v[IDX[f"k{c}_{b}"]] / wsum
        vv = start[:]
        for _ in range(12):
            vv = step(vv, P_abs)
        ws = vv[IDX["arbete_ny"]] + vv[IDX["studier"]]
        ex = sum(vv[IDX[e]] for e in EXITS)
        print(f"    kategori {c}: left support {ex:5.1%}; to work/studies {ws:5.1%}"
              f" = {ws / ex if ex else 0:5.1%} of exits")
    # kategori 2-3 combined
    start = [0.0] * N
    w23 = sum(v[IDX[f"k{c}_{b}"]] for c in (2, 3) for b in BANDS)
    for c in (2, 3):
        for b in BANDS:
            start[IDX[f"k{c}_{b}"]] = v[IDX[f"k{c}_{b}"]] / w23
    vv = start[:]
    for _ in range(12):
        vv = step(vv, P_abs)
    ws = vv[IDX["arbete_ny"]] + vv[IDX["studier"]]
    ex = sum(vv[IDX[e]] for e in EXITS)
    print(f"    kategori 2-3 stock: to work/studies within 12 months {ws:5.1%};"
          f" {ws / ex:5.1%} of those who left")
    print("    (Kolada: 35-40 % of participants ENDED from municipal labour-market measures go to"
          " work or studies; its denominator also counts endings without leaving support)")

    # ---------------- Falun reconstruction
    falun(P, v)
    # ---------------- typical intervention
    typical(P, v)


# --------------------------------------------------------------------------
# Falun "Framgången" (seed 002) -- PARAMS.md section 4
# --------------------------------------------------------------------------
# Intake schedule (ASSUMPTION consistent with the report): month index 0 = Sep 2016
# Sep-Dec 2016: 6/month (24); Jan-Aug 2017: 7/month (56); pause autumn 2017;
# Jan-Apr 2018: 8/month (32) (group intakes); pause late spring 2018 (May-Jun);
# Jul-Dec 2018: 17/month + 1 (101) -> total 213.
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
    tsum = 0.0
    for m0, n in FALUN_INTAKE.items():
        months = int(round(FOLLOWUP_END - m0 - 0.5))
        vv = start[:]
        prev_ws = 0.0
        for t in range(1, months + 1):
            vv = step(vv, P_m)
            ws = vv[IDX["arbete_ny"]] + vv[IDX["studier"]]
            tsum += n * (ws - prev_ws) * (t - 0.5)
            prev_ws = ws
        got += n * prev_ws
    return got / total, (tsum / got if got else float("nan")), total


def falun(P, v):
    print("\n[F] Falun 'Framgången' reconstruction (213 participants, follow-up to 10 Jan 2019)")
    total = sum(FALUN_INTAKE.values())
    fu = [(int(round(FOLLOWUP_END - m0 - 0.5)), n) for m0, n in FALUN_INTAKE.items()]
    mean_fu = sum(a * n for a, n in fu) / total
    under12 = sum(n for a, n in fu if a < 12)
    print(f"    participants {total}; mean follow-up {mean_fu:4.1f} months;"
          f" {under12} ({under12 / total:4.1%}) followed < 12 months")
    base, tbase, _ = falun_share(v, 1.0)
    print(f"    baseline model: {base:5.1%} exit to work or studies by the follow-up date"
          f" (mean {tbase:4.1f} months from start among those who do)")
    lo, hi = 1.0, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        s, _, _ = falun_share(v, mid)
        if s < 0.3474:
            lo = mid
        else:
            hi = mid
    s, t, _ = falun_share(v, hi)
    print(f"    multiplier on exits to work AND studies that reproduces 34.74 %: {hi:4.2f}"
          f" (gives {s:5.2%}; mean {t:4.1f} months to exit)")
    for m in (1.5, 2.0, 2.5, 3.0):
        s, t, _ = falun_share(v, m)
        print(f"      multiplier {m:3.1f}: {s:5.1%} to work/studies, mean {t:4.1f} months")
    # with the report's own 12-month goal: share within 12 months for one participant
    targets = [s_ for s_ in SUPPORT if int(s_[1]) in FALUN_CATMIX]
    for mult in (1.0, hi):
        P_m = build_P(mult_w={s_: mult for s_ in targets}, mult_s={s_: mult for s_ in targets},
                      absorbing=EXITS)
        vv = falun_start(v)
        for _ in range(12):
            vv = step(vv, P_m)
        print(f"    one participant, 12 months, multiplier {mult:4.2f}:"
              f" {vv[IDX['arbete_ny']] + vv[IDX['studier']]:5.1%} to work/studies"
              " (project goal 50 % within one year)")


# --------------------------------------------------------------------------
# Cost items (PARAMS.md section 3), 2024 prices, kr per case-month
# --------------------------------------------------------------------------
PBB_2024 = 57300
TAX_TOTAL = 0.3237                       # SCB average 2024, kommun + region
TAX_KOMMUN = TAX_TOTAL * 20.74 / 32.13   # 2018 split scaled (ASSUMPTION)
TAX_REGION = TAX_TOTAL - TAX_KOMMUN
EMP_RATE = 0.3142


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


WAGE = 24000                                  # gross wage per month in work (ASSUMPTION)
GA_W = grundavdrag(12 * WAGE)
TAXABLE_W = 12 * WAGE - GA_W
TAX_K_WORK = TAXABLE_W * TAX_KOMMUN / 12
TAX_R_WORK = TAXABLE_W * TAX_REGION / 12
JSA = jobbskatteavdrag(12 * WAGE, GA_W) / 12
EMP_CONTRIB = WAGE * EMP_RATE
PRODUCTION = WAGE + EMP_CONTRIB
FBS = 10720          # försörjningsstöd per household-month (75 045 / 7.0)
HANDL = 1740         # handläggning per case-month
REGION_HEALTH = 2300 # extra region health care, k4, k5 and annan (ASSUMPTION)
STUD_BIDRAG = 7353   # högre bidrag 2024, 40 weeks a year, per month
KOMVUX = 5070        # komvux cost per month in studier
GARANTI = int(2.78 * PBB_2024 / 12 + 0.5)   # garantiersättning, 30+, per month
GA_A = grundavdrag(12 * GARANTI)
TAX_K_ANNAN = (12 * GARANTI - GA_A) * TAX_KOMMUN / 12
TAX_R_ANNAN = (12 * GARANTI - GA_A) * TAX_REGION / 12
ACTORS = ["kommun", "region", "staten", "individ"]


def cost_vectors():
    """Net cost per actor and state (positive = cost to that actor).
    Production counts as a benefit (negative cost) to individ."""
    C = {a: [0.0] * N for a in ACTORS}
    for s in SUPPORT:
        i = IDX[s]
        C["kommun"][i] += FBS + HANDL
        C["individ"][i] -= FBS
        if s[1] in "45":
            C["region"][i] += REGION_HEALTH
    for s in ("arbete_ny", "arbete"):
        i = IDX[s]
        C["individ"][i] -= PRODUCTION
        C["individ"][i] += EMP_CONTRIB + TAX_K_WORK + TAX_R_WORK - JSA
        C["staten"][i] += -EMP_CONTRIB + JSA
        C["kommun"][i] -= TAX_K_WORK
        C["region"][i] -= TAX_R_WORK
    i = IDX["studier"]
    C["staten"][i] += STUD_BIDRAG
    C["individ"][i] -= STUD_BIDRAG
    C["kommun"][i] += KOMVUX
    i = IDX["annan"]
    C["staten"][i] += GARANTI
    C["individ"][i] -= GARANTI - TAX_K_ANNAN - TAX_R_ANNAN
    C["kommun"][i] -= TAX_K_ANNAN
    C["region"][i] -= TAX_R_ANNAN - REGION_HEALTH
    return C


def kr(x):
    return f"{x:,.0f}".replace(",", " ")


def print_costs():
    print("\n[H] Cost items as used here (kr per case-month, 2024 prices)")
    print(f"    wage {WAGE}; grundavdrag {GA_W}/yr; taxable {TAXABLE_W}/yr;"
          f" kommun rate {TAX_KOMMUN:.4f}, region {TAX_REGION:.4f}")
    print(f"    kommunalskatt to kommun {kr(TAX_K_WORK)}, to region {kr(TAX_R_WORK)};"
          f" jobbskatteavdrag (staten) {kr(JSA)}; net tax {kr(TAX_K_WORK + TAX_R_WORK - JSA)}"
          f" = {(TAX_K_WORK + TAX_R_WORK - JSA) / WAGE:.1%} of gross")
    print(f"    arbetsgivaravgifter {kr(EMP_CONTRIB)}; production value {kr(PRODUCTION)};"
          f" net wage {kr(WAGE - (TAX_K_WORK + TAX_R_WORK - JSA))}")
    print(f"    garantiersättning {kr(GARANTI)}; grundavdrag {kr(GA_A)}/yr; tax to kommun"
          f" {kr(TAX_K_ANNAN)}, region {kr(TAX_R_ANNAN)}")


# --------------------------------------------------------------------------
# Typical municipal intervention -- PARAMS.md section 5
# --------------------------------------------------------------------------
def run_intervention(P, start, mult, months_in, horizon, r):
    targets = [f"k{c}_{b}" for c in (2, 3) for b in BANDS]
    P_alt = build_P(mult_w={s: mult for s in targets}, mult_s={s: mult for s in targets})
    C = cost_vectors()
    out = {}
    for name, Pin in (("base", None), ("alt", P_alt)):
        vv = start[:]
        acc = {a: 0.0 for a in ACTORS}
        sup = work = 0.0
        sup12 = None
        for t in range(horizon):
            d = (1 + r) ** -(t // 12)
            sup += on_support(vv)
            work += vv[IDX["arbete_ny"]] + vv[IDX["arbete"]]
            for a in ACTORS:
                acc[a] += d * sum(x * c for x, c in zip(vv, C[a]))
            vv = step(vv, Pin if (Pin is not None and t < months_in) else P)
            if t == 11:
                sup12 = on_support(vv)
        out[name] = (acc, sup, work, sup12)
    return out


def typical(P, v, mult=1.4, months_in=12, cost=60000, horizon=120, r=0.035):
    print_costs()
    print("\n[G] Typical intervention: 40 places, kategori 2-3 (bands 7+), 60 000 kr/participant"
          f" (kommun), 12 months, multiplier {mult} on exits to work and studies while in it")
    start = [0.0] * N
    w = sum(v[IDX[f"k{c}_{b}"]] for c in (2, 3) for b in BANDS[1:])
    for c in (2, 3):
        for b in BANDS[1:]:
            start[IDX[f"k{c}_{b}"]] = v[IDX[f"k{c}_{b}"]] / w
    o = run_intervention(P, start, mult, months_in, horizon, r)
    (ab, sb, wb, s12b), (aa, sa, wa, s12a) = o["base"], o["alt"]
    print(f"    per participant over {horizon // 12} years: support months {sb:5.1f} -> {sa:5.1f}"
          f" (avoided {sb - sa:4.2f}); work months {wb:5.1f} -> {wa:5.1f} (+{wa - wb:4.2f})")
    print(f"    on support after 12 months: {s12b:5.1%} -> {s12a:5.1%}")
    nbs = {a: ab[a] - aa[a] for a in ACTORS}
    nbs["kommun"] -= cost
    pub = nbs["kommun"] + nbs["region"] + nbs["staten"]
    soc = pub + nbs["individ"]
    for a in ACTORS:
        print(f"    NB {a:8s} per participant (3.5 %, 10 years): {kr(nbs[a]):>10} kr")
    print(f"    NB public sector: {kr(pub)} kr per participant; x40 = {kr(40 * pub)} kr")
    print(f"    NB all four actors (transfers cancel = production gain - resource costs): {kr(soc)} kr")
    # break-even multipliers
    for label, f in (("kommun", lambda o: o["base"][0]["kommun"] - o["alt"][0]["kommun"] - cost),
                     ("public sector", lambda o: sum(o["base"][0][a] - o["alt"][0][a]
                                                     for a in ("kommun", "region", "staten")) - cost)):
        lo, hi = 1.0, 6.0
        if f(run_intervention(P, start, hi, months_in, horizon, r)) < 0:
            print(f"    break-even multiplier ({label}): > {hi}")
            continue
        for _ in range(40):
            mid = (lo + hi) / 2
            if f(run_intervention(P, start, mid, months_in, horizon, r)) < 0:
                lo = mid
            else:
                hi = mid
        print(f"    break-even multiplier ({label}, 10 years, 3.5 %): {hi:4.2f}")
    print("    (kommun tax here is the full municipal share; inkomstutjämningen returns most of a"
          " marginal tax gain to the system: see PARAMS.md 3.4)")


if __name__ == "__main__":
    main()
