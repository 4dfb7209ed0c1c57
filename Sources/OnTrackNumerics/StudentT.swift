import Foundation

/// Student's t distribution: the distribution function and its quantiles, for prediction intervals
/// and the probability of meeting a target under a fitted trend.
///
/// The distribution function goes through the regularised incomplete beta function,
/// `F(t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½)` for t ≥ 0, evaluated by its continued fraction (modified
/// Lentz). Quantiles are found by bisection on F; t₀.₉(ν) for ν ≤ 256 is a table of the same bisection's results.
public enum StudentT {
    /// P(T ≤ t) for T with `degreesOfFreedom` ν > 0.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "the degrees of freedom must be positive")
        if t.isNaN { return .nan }
        if t == .infinity { return 1 }
        if t == -.infinity { return 0 }
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile (0 < p < 1) of the t distribution with ν degrees of freedom.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(p > 0 && p < 1, "p must be in (0, 1)")
        precondition(nu > 0, "the degrees of freedom must be positive")
        if p == 0.9, nu <= cached90.count { return cached90[nu - 1] }
        return solveQuantile(p, nu: Double(nu))
    }

    /// t₀.₉(ν) for ν = 1…256: the multiplier of an 80 % two-sided interval, as ``solveQuantile(_:nu:)``
    /// gives it (every bit; a test solves all 256 again and compares). Written out as literals so
    /// that the table is in the binary's data: a table computed on first use sits behind a
    /// `swift_once` check on every access, which cost ~300 instructions a forecast.
    static let cached90: [Double] = [
        3.0776835371752522, 1.8856180831641267, 1.6377443536962093, 1.5332062740589434,
        1.4758840488244789, 1.4397557472651492, 1.4149239276505097, 1.396815309743864,
        1.3830287383966322, 1.3721836411103365, 1.3634303180205425, 1.3562173340232069,
        1.350171288780054, 1.3450303744546481, 1.3406056078504598, 1.3367571673273138,
        1.3333793897216237, 1.330390943569912, 1.3277282090267954, 1.3253407069850534,
        1.3231878738651615, 1.3212367416133737, 1.319460239816154, 1.3178359336731447,
        1.3163450726738737, 1.3149718642705235, 1.3137029128292763, 1.3125267815926582,
        1.3114336473015582, 1.3104150253913924, 1.3094635494946467, 1.3085727931295237,
        1.3077371244508713, 1.3069515871264312, 1.306211802016033, 1.3055138855362585,
        1.3048543814976195, 1.3042302038905058, 1.303638588621264, 1.303077052607196,
        1.3025433589533808, 1.3020354871825215, 1.301551607682152, 1.3010900596888249,
        1.300649332250222, 1.3002280477069315, 1.2998249473116696, 1.2994388786713937,
        1.2990687847477709, 1.2987136941947979, 1.298372712848352, 1.2980450162097683,
        1.2977298427910582, 1.29742648820906, 1.2971342999309647, 1.2968526725897869,
        1.2965810437989944, 1.2963188904044238, 1.296065725122045, 1.2958210935157597,
        1.2955845712751826, 1.295355761760606, 1.2951342937828847, 1.2949198195951674,
        1.2947120130706624, 1.2945105680482656, 1.294315196828013, 1.2941256287999536,
        1.2939416091940785, 1.2937628979376434, 1.2935892686112207, 1.2934205074909801,
        1.2932564126714805, 1.2930967932599904, 1.2929414686356946, 1.292790267767851,
        1.2926430285879897, 1.2924995974098965, 1.2923598283954196, 1.2922235830591609,
        1.2920907298109996, 1.291961143532768, 1.291834705184213, 1.291711301439444,
        1.2915908243474457, 1.2914731710171203, 1.2913582433247965, 1.2912459476407614,
        1.2911361945753126, 1.2910288987408696, 1.2909239785312248, 1.2908213559139505,
        1.290720956236933, 1.290622708047691, 1.2905265429233816, 1.2904323953121875,
        1.2903402023837458, 1.290249903890214, 1.2901614420345813, 1.2900747613464438,
        1.2899898085680257, 1.2899065325427297, 1.2898248841142865, 1.2897448160291005,
        1.2896662828449639, 1.2895892408456513, 1.2895136479592422, 1.2894394636817617,
        1.289366649004919, 1.2892951663475367, 1.289224979490311, 1.2891560535165834,
        1.289088354751431, 1.2890218507097755, 1.288956510042254, 1.2888923024869294,
        1.288829198822825, 1.2887671708247157, 1.2887061912216078, 1.2886462336562463,
        1.2885872726486012, 1.2885292835573474, 1.2884722425478654, 1.2884161265579945,
        1.2883609132675797, 1.2883065810693415, 1.2882531090394282, 1.2882004769116193,
        1.288148665051669, 1.2880976544319127, 1.288047426609627, 1.28799796370249,
        1.2879492483699524, 1.287901263791043, 1.2878539936457836, 1.2878074220966593,
        1.2877615337707513, 1.2877163137428957, 1.2876717475192443, 1.2876278210230905,
        1.2875845205774623, 1.287541832893658, 1.2874997450556802, 1.2874582445086693,
        1.2874173190450788, 1.2873769567938145, 1.2873371462078325, 1.2872978760544274,
        1.287259135402588, 1.2872209136148967, 1.2871832003370858, 1.2871459854881606,
        1.2871092592519577, 1.2870730120685399, 1.287037234625426, 1.2870019178503282,
        1.2869670529032011, 1.2869326311677143, 1.2868986442466412, 1.2868650839523323,
        1.2868319423026393, 1.2867992115124323, 1.286766883988106, 1.2867349523234966,
        1.2867034092904421, 1.2866722478385628, 1.2866414610845762, 1.286611042310529,
        1.2865809849584222, 1.2865512826249814, 1.286521929057471, 1.2864929181483085,
        1.2864642439331928, 1.2864359005838382, 1.286407882406876, 1.2863801838381184,
        1.2863527994399773, 1.2863257238973507, 1.2862989520145653, 1.2862724787114352,
        1.2862462990211645, 1.2862204080852875, 1.2861948011536373, 1.2861694735781004,
        1.286144420812274, 1.2861196384077611, 1.286095122011627, 1.2860708673635206,
        1.2860468702943688, 1.2860231267223137, 1.2859996326519112, 1.285976384171088,
        1.2859533774487786, 1.28593060873379, 1.2859080743516036, 1.2858857707032683,
        1.2858636942630945, 1.2858418415766462, 1.2858202092591795, 1.2857987939949185,
        1.285777592532245, 1.2857566016861295, 1.2857358183333036, 1.2857152394122013,
        1.2856948619218866, 1.2856746829187582, 1.2856546995167797, 1.285634908886017,
        1.285615308250617, 1.2855958948868538, 1.2855766661246784, 1.2855576193424945,
        1.285538751970019, 1.2855200614833926, 1.2855015454070107, 1.2854832013116058,
        1.2854650268111487, 1.2854470195650105, 1.2854291772751267, 1.2854114976852742,
        1.2853939785797945, 1.2853766177832346, 1.285359413160032, 1.2853423626118876,
        1.2853254640783907, 1.2853087155359626, 1.2852921149956948, 1.285275660505143,
        1.285259350145315, 1.2852431820303534, 1.285227154307441, 1.2852112651564718,
        1.2851955127879227, 1.2851798954429112, 1.2851644113927025, 1.2851490589384924,
        1.2851338364092628, 1.285118742163116, 1.285103774585152, 1.285088932086953,
        1.2850742131078805, 1.2850596161127004, 1.2850451395901263, 1.2850307820560412,
        1.285016542048787, 1.285002418131039, 1.2849884088895083, 1.2849745129331418,
        1.2849607288926053, 1.284947055422132, 1.2849334911965626, 1.2849200349113574,
        1.2849066852837585, 1.2848934410498094, 1.2848803009677097, 1.2848672638123118,
    ]

    /// The p-quantile by bracketing and bisection on ``cdf(_:degreesOfFreedom:)``.
    static func solveQuantile(_ p: Double, nu: Double) -> Double {
        if p == 0.5 { return 0 }
        let upper = p > 0.5
        let target = upper ? p : 1 - p
        // Bracket [0, hi] with F(hi) ≥ target, then bisect to the last bit that matters.
        var lo = 0.0, hi = 1.0
        while cdf(hi, degreesOfFreedom: nu) < target { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid, degreesOfFreedom: nu) < target { lo = mid } else { hi = mid }
        }
        let q = (lo + hi) / 2
        return upper ? q : -q
    }

    /// I_x(a, b), the regularised incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) (modified Lentz's method).
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
            var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d
            if abs(d) < tiny { d = tiny }
            c = 1 + num / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }

    /// P(lo ≤ X ≤ hi) for X = center + se·T with T Student t on `df` degrees of freedom; with se = 0,
    /// 1 when center is in [lo, hi] within a relative 10⁻⁹ (a flat series sitting on its bound meets
    /// it), else 0. Either end may be infinite; an empty interval gives 0.
    public static func probability(center: Double, se: Double, degreesOfFreedom df: Int, lower lo: Double, upper hi: Double) -> Double {
        if hi < lo || hi == -.infinity { return 0 }
        if se == 0 {
            let slack = 1e-9 * max(1, abs(center))
            return center >= lo - slack && center <= hi + slack ? 1 : 0
        }
        let nu = Double(df)
        return min(1, max(0, cdf((hi - center) / se, degreesOfFreedom: nu) - cdf((lo - center) / se, degreesOfFreedom: nu)))
    }
}
