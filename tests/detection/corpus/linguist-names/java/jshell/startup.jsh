import java.time.*;
import java.util.stream.*;

var today = LocalDate.now();
void show(Object value) {
    System.out.println(value);
}
show(today);
