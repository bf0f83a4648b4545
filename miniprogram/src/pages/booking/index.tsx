import { ComingSoon } from '../../components/ComingSoon';
import { PageShell } from '../../components/PageShell';

export default function BookingPage() {
  return (
    <PageShell id="page-booking">
      <ComingSoon id="booking-coming-soon" title="场地预约即将上线" description="预约驿站活动室、会议室和共享场地，工作人员在线审核。" />
    </PageShell>
  );
}
