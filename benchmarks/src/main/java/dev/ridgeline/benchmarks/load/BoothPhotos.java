package dev.ridgeline.benchmarks.load;

import dev.ridgeline.api.v1.Modality;
import dev.ridgeline.api.v1.Sample;
import dev.ridgeline.benchmarks.evaluation.FaceModels;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.fixtures.registry.FacePhotos;
import dev.ridgeline.server.cli.GroupPhotos;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Real people for face image probes: every face of the pinned group photos, cut out as a portrait
 * (enrolled, templated by the service) and framed alone in a 640x480 JPEG as a booth camera would
 * see it (the probe).
 */
public final class BoothPhotos {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    /** The face portrait fills this share of the frame's height. */
    private static final double PORTRAIT_HEIGHT_SHARE = 0.75;

    /** One person: the template the gallery holds and the booth photo that probes it. */
    record Person(Sample enrolled, byte[] boothPhoto) {
    }

    private BoothPhotos() {
    }

    /** Every face of the pinned photos as a portrait; fetches the photos and face models on first use. */
    static List<byte[]> portraits() throws IOException {
        List<byte[]> portraits = new ArrayList<>();
        try (FaceModel model = FaceModels.open()) {
            for (Path photo : FacePhotos.fetch()) {
                portraits.addAll(GroupPhotos.portraits(Files.readAllBytes(photo), model));
            }
        }
        return portraits;
    }

    /** The people the service enrolls; portraits it refuses (several faces, below the quality gate) are left out. */
    static List<Person> people(List<byte[]> portraits, Extraction extraction) throws IOException {
        List<Person> people = new ArrayList<>();
        for (byte[] portrait : portraits) {
            Optional<Sample> enrolled = extraction.template(Extraction.image(Modality.FACE, portrait));
            if (enrolled.isPresent()) {
                people.add(new Person(enrolled.get(), framed(portrait)));
            }
        }
        if (people.isEmpty()) {
            throw new IllegalStateException("the service enrolled none of the " + portraits.size() + " photo faces");
        }
        return people;
    }

    /** The portrait scaled into the middle of a grey 640x480 frame, as JPEG. */
    public static byte[] framed(byte[] portrait) throws IOException {
        BufferedImage face = ImageIO.read(new ByteArrayInputStream(portrait));
        double scale = PORTRAIT_HEIGHT_SHARE * HEIGHT / face.getHeight();
        int width = (int) Math.round(face.getWidth() * scale);
        int height = (int) Math.round(face.getHeight() * scale);
        BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = frame.createGraphics();
        graphics.setColor(Color.GRAY);
        graphics.fillRect(0, 0, WIDTH, HEIGHT);
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(face, (WIDTH - width) / 2, (HEIGHT - height) / 2, width, height, null);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(frame, "jpeg", out);
        return out.toByteArray();
    }
}
