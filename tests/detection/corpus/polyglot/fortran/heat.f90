program heat
  implicit none
  integer, parameter :: n = 50
  real :: u(n), un(n)
  integer :: step
  u = 0.0
  u(n/2) = 100.0
  do step = 1, 200
    un = u
    u(2:n-1) = un(2:n-1) + 0.25 * (un(1:n-2) - 2.0 * un(2:n-1) + un(3:n))
  end do
  print '(10F8.3)', u
end program heat
