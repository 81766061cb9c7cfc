package legacy;

public final class CrLf {
    private CrLf() {}

    public static String join(String a, String b) {
        return a + "\r\n" + b;
    }
}
