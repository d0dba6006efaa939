package dev.ridgeline.benchmarks.evaluation;

import dev.ridgeline.engine.finger.CompactCardTemplate;
import dev.ridgeline.engine.finger.StandardTemplates;
import dev.ridgeline.engine.template.TemplateEnvelope;

/** The record formats a card may carry a finger in, as the evaluator round-trips a template through them. */
enum CardFormat {
    ISO_19794_2_2005,
    ANSI_378_2004,
    ANSI_378_2009,
    ISO_19794_2_COMPACT_CARD;

    /** The template a booth gets back from the card. */
    TemplateEnvelope throughCard(TemplateEnvelope envelope) {
        return switch (this) {
            case ISO_19794_2_2005 -> standard(envelope, StandardTemplates.Format.ISO_19794_2_2005);
            case ANSI_378_2004 -> standard(envelope, StandardTemplates.Format.ANSI_378_2004);
            case ANSI_378_2009 -> standard(envelope, StandardTemplates.Format.ANSI_378_2009);
            case ISO_19794_2_COMPACT_CARD -> CompactCardTemplate.importCard(
                    CompactCardTemplate.export(envelope, CompactCardTemplate.DEFAULT_MAX_MINUTIAE), envelope.position());
        };
    }

    private static TemplateEnvelope standard(TemplateEnvelope envelope, StandardTemplates.Format format) {
        return StandardTemplates.importRecord(StandardTemplates.export(envelope, format), envelope.position());
    }
}
