import { ComingSoon } from '../../components/ComingSoon';
import { PageShell } from '../../components/PageShell';

export default function CrowdfundPage() {
  return (
    <PageShell id="page-crowdfund">
      <ComingSoon id="crowdfund-coming-soon" title="社区众筹即将上线" description="筹智、筹力、筹款、筹资，一起把小区的事办好，账目全公开。" />
    </PageShell>
  );
}
