#pragma once
// Lets a test play "udev has not yet given the kiosk access": the next N opens of a USB device
// node fail with EACCES, as they do in the field for a moment after a reader is plugged in.
// (The tests run as root in CI, where file modes do not stop an open.)

namespace rc::test {

void denyUsbOpens(int count);
int deniedUsbOpens();  // how many were denied so far

}  // namespace rc::test
