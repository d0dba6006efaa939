package dev.ridgeline.engine.face.onnx;

import dev.ridgeline.engine.face.FaceBox;
import dev.ridgeline.engine.face.FaceCapture;
import dev.ridgeline.engine.face.FaceChooser;
import dev.ridgeline.engine.face.FaceModel;
import dev.ridgeline.engine.face.FaceQuality;
import dev.ridgeline.engine.face.FaceSelection;
import dev.ridgeline.engine.face.FaceTemplates;
import dev.ridgeline.engine.image.ImageLimits;
import dev.ridgeline.engine.opencv.OpenCvNative;
import java.nio.file.Path;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The face pipeline on OpenCV DNN with the ONNX models of {@code faceplugin-face-recognition-js}:
 * decode → detect (pyramid of 320x240 windows) → 68 landmarks (two passes) → five-point
 * similarity alignment to 112x112 → 512-d embedding, L2-normalised. Thread-safe: each call
 * borrows networks no other thread is using.
 */
public final class OpenCvFaceModel implements FaceModel {

    /** What this model's templates are: id, version (with the embedding file's digest) and dimension. */
    private static final FaceTemplates TEMPLATES = FaceTemplates.FACEPLUGIN;

    private final BgrDecoder decoder;
    private final NetworkPool networks;

    private OpenCvFaceModel(BgrDecoder decoder, NetworkPool networks) {
        this.decoder = decoder;
        this.networks = networks;
    }

    /**
     * Loads the models from {@code modelDirectory} (the folder holding {@code model/fr_*.onnx}),
     * after checking each file against its pinned SHA-256. Throws NOT_INSTALLED naming the missing
     * or altered files.
     */
    public static OpenCvFaceModel open(Path modelDirectory, ImageLimits limits) {
        FaceModelFiles files = FaceModelFiles.verify(modelDirectory);
        OpenCvNative.load();
        return new OpenCvFaceModel(new BgrDecoder(limits), new NetworkPool(files));
    }

    @Override
    public String id() {
        return TEMPLATES.algorithm();
    }

    @Override
    public String version() {
        return TEMPLATES.version();
    }

    @Override
    public int dimension() {
        return TEMPLATES.dimension();
    }

    @Override
    public FaceCapture capture(byte[] encodedImage, FaceSelection selection) {
        Mat image = decoder.decode(encodedImage);
        try {
            return networks.withNetworks(nets -> {
                List<FaceBox> faces = FaceDetector.detect(nets.detector(), image);
                FaceBox face = FaceChooser.choose(faces, selection, image.cols(), image.rows());
                FaceLandmarks landmarks = LandmarkLocator.locate(nets.landmarks(), image, face);
                double[] fivePoints = landmarks.fivePoints();
                FaceAligner.Aligned aligned = FaceAligner.align(image, fivePoints);
                try {
                    FaceEmbedder.Embedding embedding = FaceEmbedder.embed(nets.embedding(), aligned.image());
                    FaceQuality quality = QualityMeter.measure(face, landmarks, aligned, embedding.norm());
                    return new FaceCapture(face, fivePoints, quality, embedding.unit());
                } finally {
                    aligned.image().release();
                }
            });
        } finally {
            image.release();
        }
    }

    @Override
    public List<FaceBox> detect(byte[] encodedImage) {
        Mat image = decoder.decode(encodedImage);
        try {
            return networks.withNetworks(nets -> FaceDetector.detect(nets.detector(), image));
        } finally {
            image.release();
        }
    }

    @Override
    public void close() {
        networks.close();
    }
}
