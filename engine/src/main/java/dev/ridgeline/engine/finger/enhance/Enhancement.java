package dev.ridgeline.engine.finger.enhance;

import dev.ridgeline.engine.image.GreyImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What is done to a fingerprint image before SourceAFIS extracts its template: the levers of
 * issue 21, each measured on its own by {@code evaluate --enhance}. Templates made with a lever
 * carry their own algorithm version, so they are never matched against templates made without it.
 * A lever of several views (plain-or-gabor) makes one template per view and keeps the better score
 * of the pairs; it exists for evaluation only, since one stored template cannot hold two.
 */
public enum Enhancement {
    /** Today's behaviour: the image as captured. */
    NONE(Scaling.NONE, false),
    /** Contextual (Gabor) filtering of the print at its measured ridge period. */
    GABOR(Scaling.NONE, true),
    /** Every print rescaled to the natural ridge period. */
    RESCALE(Scaling.ALWAYS, false),
    /** Only prints whose ridge period is outside the natural range, or whose axes differ too much, are rescaled. */
    RESCALE_OUTLIERS(Scaling.OUTLIERS, false),
    /** Every print rescaled to the natural period, both axes alike (its aspect is never corrected). */
    RESCALE_UNIFORM(Scaling.UNIFORM, false),
    /** Only prints whose mean ridge period is outside the natural range are rescaled, both axes alike. */
    RESCALE_UNIFORM_OUTLIERS(Scaling.UNIFORM_OUTLIERS, false),
    RESCALE_GABOR(Scaling.ALWAYS, true),
    /** Every print rescaled to the natural period, both axes alike, then Gabor-filtered at it. */
    RESCALE_UNIFORM_GABOR(Scaling.UNIFORM, true),
    RESCALE_OUTLIERS_GABOR(Scaling.OUTLIERS, true),
    /** Two templates, plain and Gabor-filtered; a comparison keeps the better of their scores. */
    PLAIN_OR_GABOR(NONE, GABOR),
    /** As plain-or-gabor, after rescaling outliers. */
    RESCALE_OUTLIERS_PLAIN_OR_GABOR(RESCALE_OUTLIERS, RESCALE_OUTLIERS_GABOR);

    /** When a print is rescaled, and whether its axes are corrected on their own (per axis) or alike (uniform). */
    private enum Scaling {
        NONE, ALWAYS, OUTLIERS, UNIFORM, UNIFORM_OUTLIERS;

        boolean perAxis() {
            return this == ALWAYS || this == OUTLIERS;
        }

        boolean rescales(RidgeSpacing.Spacing spacing, int dpi) {
            return switch (this) {
                case NONE -> false;
                case ALWAYS, UNIFORM -> true;
                case OUTLIERS, UNIFORM_OUTLIERS -> PeriodRescale.isOutlier(spacing, dpi, perAxis());
            };
        }
    }

    private final Scaling scaling;
    private final boolean gabor;
    private final List<Enhancement> views;

    Enhancement(Scaling scaling, boolean gabor) {
        this.scaling = scaling;
        this.gabor = gabor;
        this.views = null;
    }

    Enhancement(Enhancement first, Enhancement second) {
        this.scaling = null;
        this.gabor = false;
        this.views = List.of(first, second);
    }

    /** The name on the command line and in algorithm versions: {@code rescale-outliers-gabor}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Enhancement parse(String id) {
        return Arrays.stream(values()).filter(lever -> lever.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown enhancement '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(Enhancement::id).collect(Collectors.joining(", "))));
    }

    /** The single-template levers this one is made of: itself, or the two of a plain-or-gabor lever. */
    public List<Enhancement> views() {
        return views == null ? List.of(this) : views;
    }

    /** Whether a capture makes one template with it (every lever but the plain-or-gabor ones). */
    public boolean singleTemplate() {
        return views == null;
    }

    /** What extraction's algorithm version gains with this lever: nothing for none, {@code +gabor} etc. */
    public String versionSuffix() {
        return this == NONE ? "" : "+" + id();
    }

    /** The image the extractor reads; the capture itself, untouched, for none. */
    public GreyImage apply(GreyImage image, int dpi) {
        if (!singleTemplate()) {
            throw new IllegalStateException(id() + " makes one template per view: apply each of views()");
        }
        if (this == NONE) {
            return image;
        }
        RidgeSpacing.Spacing spacing = RidgeSpacing.measure(image);
        GreyImage prepared = image;
        if (scaling.rescales(spacing, dpi)) {
            PeriodRescale.Rescaled rescaled = PeriodRescale.toNatural(image, spacing, dpi, scaling.perAxis());
            prepared = rescaled.image();
            spacing = rescaled.spacing();
        }
        return gabor ? ContextualFilter.filter(prepared, spacing, PeriodRescale.naturalPeriod(dpi)) : prepared;
    }
}
