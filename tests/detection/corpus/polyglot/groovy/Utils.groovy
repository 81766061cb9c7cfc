class Utils {
    static String slug(String text) {
        text.toLowerCase().replaceAll(/[^a-z0-9]+/, '-').replaceAll(/^-|-$/, '')
    }

    static void main(String[] args) {
        assert slug('Hello, World!') == 'hello-world'
        println slug(args ? args[0] : 'Groovy Rocks')
    }
}
