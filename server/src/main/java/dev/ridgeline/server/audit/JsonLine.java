package dev.ridgeline.server.audit;

import java.util.List;

/** Builds one audit line's JSON object; null values and empty lists are left out. */
public final class JsonLine {

    private final StringBuilder json = new StringBuilder(256).append('{');

    public JsonLine field(String name, String value) {
        if (value != null) {
            json.append('"').append(name).append("\":");
            quote(json, value);
            json.append(',');
        }
        return this;
    }

    public JsonLine number(String name, Double value) {
        if (value != null && Double.isFinite(value)) {
            json.append('"').append(name).append("\":").append(value).append(',');
        }
        return this;
    }

    public JsonLine integer(String name, long value) {
        json.append('"').append(name).append("\":").append(value).append(',');
        return this;
    }

    public JsonLine list(String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            return this;
        }
        json.append('"').append(name).append("\":[");
        for (String value : values) {
            quote(json, value);
            json.append(',');
        }
        json.setLength(json.length() - 1);
        json.append("],");
        return this;
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(json);
        if (line.length() > 1) {
            line.setLength(line.length() - 1);
        }
        return line.append('}').toString();
    }

    /** JSON string escaping: quotes, backslashes and every control character. */
    private static void quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
