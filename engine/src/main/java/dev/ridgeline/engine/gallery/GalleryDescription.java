package dev.ridgeline.engine.gallery;

/** A gallery as DescribeGallery shows it: how it was created and what it holds now. */
public record GalleryDescription(GalleryConfig config, GalleryStats stats) {

    public String name() {
        return config.name();
    }
}
