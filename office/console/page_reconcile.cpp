// The console's reconcile page: its routes under /console/api/ (office/console/api.h).
#include "office/console/api.h"

namespace rc::office::console {

void addReconcileRoutes(Routes& routes) { (void)routes; }

}  // namespace rc::office::console
