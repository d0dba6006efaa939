package dev.ridgeline.engine.face;

import dev.ridgeline.engine.EngineException;
import java.nio.ByteBuffer;

/**
 * A face vector as Ridgeline stores it: one signed byte per dimension and one float scale, 516
 * bytes for a 512-d model instead of 2,048 in float32, small enough for a card. Values are
 * rounded on a step of max|v|/127 and the scale is chosen so the dequantized vector has unit
 * length: a dot product with a unit probe is then a cosine, exactly as with float32.
 */
public record QuantizedFace(byte[] values, float scale) {

    /** Payload layout: scale (float32, big-endian), then the int8 values. */
    public static final int HEADER_BYTES = Float.BYTES;

    public QuantizedFace {
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw EngineException.invalid("malformed face template: scale " + scale + " is not a positive number");
        }
    }

    public static QuantizedFace of(float[] vector) {
        float maxAbs = 0;
        for (float v : vector) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        if (!(maxAbs > 0) || Float.isInfinite(maxAbs)) {
            throw new IllegalArgumentException("face vector must be finite and non-zero");
        }
        byte[] values = new byte[vector.length];
        double squares = 0;
        for (int i = 0; i < vector.length; i++) {
            int q = Math.round(vector[i] * 127f / maxAbs);
            values[i] = (byte) q;
            squares += (double) q * q;
        }
        return new QuantizedFace(values, (float) (1 / Math.sqrt(squares)));
    }

    /** Heap a stored face of {@code dimension} values takes: the values and the scale. */
    public static int bytes(int dimension) {
        return HEADER_BYTES + dimension;
    }

    public int dimension() {
        return values.length;
    }

    /** The unit vector this stands for, in float32: for probes read from a card. */
    public float[] toFloats() {
        float[] vector = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = values[i] * scale;
        }
        return vector;
    }

    public byte[] toPayload() {
        return ByteBuffer.allocate(bytes(values.length)).putFloat(scale).put(values).array();
    }

    public static QuantizedFace fromPayload(byte[] payload, int dimension) {
        if (payload.length != bytes(dimension)) {
            throw EngineException.invalid("malformed face template: payload of " + payload.length
                    + " bytes, expected " + bytes(dimension) + " for a " + dimension + "-d vector");
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        float scale = in.getFloat();
        byte[] values = new byte[dimension];
        in.get(values);
        return new QuantizedFace(values, scale);
    }
}
