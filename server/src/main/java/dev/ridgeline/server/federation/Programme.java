package dev.ridgeline.server.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A joint programme whose enrollments are vetted (NEXUS, say): where its members are enrolled, the
 * look-out lists an applicant is checked against, and what a hit or an incomplete check does to the
 * enrollment. Never "accept": a vetting that is not clear refuses or holds.
 *
 * @param gallery      the local gallery members are enrolled in, also checked for duplicates
 * @param holdGallery  where held applicants are enrolled for review, also checked for duplicates; null when no rule holds
 * @param lookouts     look-out lists: local gallery names and partner galleries as {@code PARTNER:GALLERY}
 * @param purpose      the purpose code partners' agreements must list; null when no look-out is a partner's
 * @param onHit        what a duplicate or a look-out hit does
 * @param onIncomplete what a check that some partner did not answer does (when nothing hit)
 */
record Programme(String name, String gallery, String holdGallery, List<String> lookouts, String purpose, Rule onHit,
                 Rule onIncomplete) {

    /** What a vetting that is not clear does to the enrollment. */
    enum Rule {
        REFUSE, HOLD;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    Programme {
        lookouts = List.copyOf(lookouts);
    }

    /** Every gallery one vetting searches: the programme's own (duplicates), then the look-out lists. */
    List<String> checkedGalleries() {
        List<String> galleries = new ArrayList<>();
        galleries.add(gallery);
        if (holdGallery != null) {
            galleries.add(holdGallery);
        }
        galleries.addAll(lookouts);
        return galleries;
    }
}
