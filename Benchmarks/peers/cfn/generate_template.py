#!/usr/bin/env python3
"""Write a seeded, realistic CloudFormation template (YAML) of about a given size: the input for
the cfn-lint peer in Benchmarks/run-peers, sized like the OCL of the project Lockstep lints.

    python3 Benchmarks/peers/cfn/generate_template.py --bytes 102000 --seed 42 --out template.yaml

The template is what a platform team's service stack looks like: parameters, conditions, an ECS
cluster, and per service a log group, task and execution roles with inline policies, a security
group with ingress rules, a task definition with environment variables and secrets, a target
group, a listener rule, the Fargate service, auto scaling and an alarm; outputs for each service.
Services are added until the file reaches --bytes (at most 35, to stay under CloudFormation's
limit of 500 resources). It is meant to lint clean. Python 3.11 standard library only; the same
arguments give byte-identical output.
"""

from __future__ import annotations

import argparse
import random

DOMAINS = ("payments", "orders", "inventory", "billing", "identity", "catalog", "shipping", "search",
           "pricing", "checkout", "loyalty", "ledger", "fraud", "accounts", "invoicing", "returns")
KINDS = ("api", "web", "worker", "gateway", "consumer", "jobs", "portal", "sync")
SETTINGS = ("LOG_LEVEL", "HTTP_TIMEOUT_SECONDS", "DB_POOL_SIZE", "CACHE_TTL_SECONDS", "FEATURE_NEW_CHECKOUT",
            "FEATURE_DARK_MODE", "QUEUE_PREFETCH", "RETRY_COUNT", "MAX_UPLOAD_MB", "DEFAULT_PAGE_SIZE",
            "TRACING_SAMPLE_RATE", "METRICS_NAMESPACE", "REQUEST_TIMEOUT_SECONDS", "CULTURE", "TIME_ZONE",
            "ALLOWED_HOSTS", "SUPPORT_EMAIL", "SEARCH_INDEX", "SMTP_PORT", "RATE_LIMIT_PER_MINUTE")
SECRETS = ("DATABASE_PASSWORD", "SMTP_PASSWORD", "CLIENT_SECRET", "QUEUE_PASSWORD", "CACHE_PASSWORD")
ENVIRONMENTS = ("development", "test", "staging", "production")


def header(out: list, rng: random.Random) -> None:
    out += [
        "AWSTemplateFormatVersion: '2010-09-09'",
        "Description: >-",
        "  Golden-path service stack: an ECS cluster and its Fargate services behind the shared",
        "  application load balancer, with roles, security groups, scaling and alarms per service.",
        "",
        "Parameters:",
        "  Environment:",
        "    Type: String",
        "    AllowedValues: [" + ", ".join(ENVIRONMENTS) + "]",
        "    Default: staging",
        "    Description: The deployment environment.",
        "  VpcId:",
        "    Type: AWS::EC2::VPC::Id",
        "    Description: The VPC the services run in.",
        "  PrivateSubnetIds:",
        "    Type: List<AWS::EC2::Subnet::Id>",
        "    Description: Private subnets for the tasks.",
        "  LoadBalancerSecurityGroupId:",
        "    Type: AWS::EC2::SecurityGroup::Id",
        "    Description: The shared load balancer's security group.",
        "  ListenerArn:",
        "    Type: String",
        "    AllowedPattern: '^arn:aws:elasticloadbalancing:.*$'",
        "    Description: The HTTPS listener of the shared load balancer.",
        "  ImageRepository:",
        "    Type: String",
        f"    Default: {rng.randint(100000000000, 999999999999)}.dkr.ecr.eu-west-1.amazonaws.com",
        "  ImageTag:",
        "    Type: String",
        "    Default: latest",
        "  AlarmTopicArn:",
        "    Type: String",
        "    Default: ''",
        "  LogRetentionDays:",
        "    Type: Number",
        "    Default: 30",
        "    AllowedValues: [7, 14, 30, 90, 365]",
        "",
        "Conditions:",
        "  IsProduction: !Equals [!Ref Environment, production]",
        "  HasAlarmTopic: !Not [!Equals [!Ref AlarmTopicArn, '']]",
        "",
        "Resources:",
        "  Cluster:",
        "    Type: AWS::ECS::Cluster",
        "    Properties:",
        "      ClusterName: !Sub '${AWS::StackName}-${Environment}'",
        "      ClusterSettings:",
        "        - Name: containerInsights",
        "          Value: !If [IsProduction, enabled, disabled]",
        "      Tags:",
        "        - Key: environment",
        "          Value: !Ref Environment",
        "",
    ]


def service(out: list, outputs: list, rng: random.Random, index: int, used: set) -> None:
    while True:
        slug = f"{rng.choice(DOMAINS)}-{rng.choice(KINDS)}"
        if slug not in used:
            break
        slug = f"{slug}-{index}"
        if slug not in used:
            break
    used.add(slug)
    name = "".join(part.capitalize() for part in slug.split("-"))
    port = rng.choice((8080, 5000, 3000, 8000))
    cpu, memory = rng.choice(((256, 512), (512, 1024), (1024, 2048), (2048, 4096)))
    priority = 100 + index
    out += [
        f"  {name}LogGroup:",
        "    Type: AWS::Logs::LogGroup",
        "    Properties:",
        f"      LogGroupName: !Sub '/ecs/${{Environment}}/{slug}'",
        "      RetentionInDays: !Ref LogRetentionDays",
        "",
        f"  {name}ExecutionRole:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      AssumeRolePolicyDocument:",
        "        Version: '2012-10-17'",
        "        Statement:",
        "          - Effect: Allow",
        "            Principal:",
        "              Service: ecs-tasks.amazonaws.com",
        "            Action: sts:AssumeRole",
        "      ManagedPolicyArns:",
        "        - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        "      Policies:",
        "        - PolicyName: read-secrets",
        "          PolicyDocument:",
        "            Version: '2012-10-17'",
        "            Statement:",
        "              - Effect: Allow",
        "                Action:",
        "                  - secretsmanager:GetSecretValue",
        "                  - kms:Decrypt",
        f"                Resource: !Sub 'arn:aws:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:{slug}/*'",
        "",
        f"  {name}TaskRole:",
        "    Type: AWS::IAM::Role",
        "    Properties:",
        "      AssumeRolePolicyDocument:",
        "        Version: '2012-10-17'",
        "        Statement:",
        "          - Effect: Allow",
        "            Principal:",
        "              Service: ecs-tasks.amazonaws.com",
        "            Action: sts:AssumeRole",
        "      Policies:",
        "        - PolicyName: service-access",
        "          PolicyDocument:",
        "            Version: '2012-10-17'",
        "            Statement:",
    ]
    for action, resource in rng.sample((
            ("s3:GetObject", f"arn:aws:s3:::acme-{slug}-${{Environment}}/*"),
            ("sqs:ReceiveMessage", f"arn:aws:sqs:${{AWS::Region}}:${{AWS::AccountId}}:{slug}-*"),
            ("sns:Publish", f"arn:aws:sns:${{AWS::Region}}:${{AWS::AccountId}}:{slug}-events"),
            ("dynamodb:GetItem", f"arn:aws:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/{slug}"),
            ("ssm:GetParameter", f"arn:aws:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter/{slug}/*"),
            ("xray:PutTraceSegments", "*")), k=rng.randint(2, 5)):
        out += [
            "              - Effect: Allow",
            "                Action:",
            f"                  - {action}",
            f"                Resource: !Sub '{resource}'" if "${" in resource else f"                Resource: '{resource}'",
        ]
    out += [
        "",
        f"  {name}SecurityGroup:",
        "    Type: AWS::EC2::SecurityGroup",
        "    Properties:",
        f"      GroupDescription: {slug} tasks",
        "      VpcId: !Ref VpcId",
        "      SecurityGroupIngress:",
        "        - IpProtocol: tcp",
        f"          FromPort: {port}",
        f"          ToPort: {port}",
        "          SourceSecurityGroupId: !Ref LoadBalancerSecurityGroupId",
        f"          Description: {slug} from the load balancer",
        "      SecurityGroupEgress:",
        "        - IpProtocol: tcp",
        "          FromPort: 443",
        "          ToPort: 443",
        "          CidrIp: 0.0.0.0/0",
        "          Description: HTTPS out",
        "      Tags:",
        "        - Key: service",
        f"          Value: {slug}",
        "",
        f"  {name}TaskDefinition:",
        "    Type: AWS::ECS::TaskDefinition",
        "    Properties:",
        f"      Family: !Sub '${{Environment}}-{slug}'",
        f"      Cpu: '{cpu}'",
        f"      Memory: '{memory}'",
        "      NetworkMode: awsvpc",
        "      RequiresCompatibilities: [FARGATE]",
        f"      ExecutionRoleArn: !GetAtt {name}ExecutionRole.Arn",
        f"      TaskRoleArn: !GetAtt {name}TaskRole.Arn",
        "      ContainerDefinitions:",
        f"        - Name: {slug}",
        f"          Image: !Sub '${{ImageRepository}}/{slug}:${{ImageTag}}'",
        "          Essential: true",
        "          PortMappings:",
        f"            - ContainerPort: {port}",
        "              Protocol: tcp",
        "          HealthCheck:",
        f"            Command: [CMD-SHELL, 'curl -fs http://localhost:{port}/healthz || exit 1']",
        "            Interval: 30",
        "            Timeout: 5",
        "            Retries: 3",
        "          LogConfiguration:",
        "            LogDriver: awslogs",
        "            Options:",
        f"              awslogs-group: !Ref {name}LogGroup",
        "              awslogs-region: !Ref AWS::Region",
        "              awslogs-stream-prefix: ecs",
        "          Environment:",
        "            - Name: ASPNETCORE_ENVIRONMENT",
        "              Value: !Ref Environment",
        "            - Name: SERVICE_NAME",
        f"              Value: {slug}",
    ]
    for setting in sorted(rng.sample(SETTINGS, k=rng.randint(8, 16))):
        value = rng.choice(("'true'", "'false'", f"'{rng.randint(1, 300)}'", "Information", "en-GB", "UTC",
                            f"{slug}.acme-corp.net", f"support@{slug}.acme-corp.net"))
        out += [f"            - Name: {setting}", f"              Value: {value}"]
    out.append("          Secrets:")
    for secret in sorted(rng.sample(SECRETS, k=rng.randint(1, 3))):
        out += [
            f"            - Name: {secret}",
            f"              ValueFrom: !Sub 'arn:aws:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:{slug}/{secret.lower()}'",
        ]
    out += [
        "",
        f"  {name}TargetGroup:",
        "    Type: AWS::ElasticLoadBalancingV2::TargetGroup",
        "    Properties:",
        f"      Port: {port}",
        "      Protocol: HTTP",
        "      TargetType: ip",
        "      VpcId: !Ref VpcId",
        "      HealthCheckPath: /healthz",
        "      HealthCheckIntervalSeconds: 15",
        "      HealthyThresholdCount: 2",
        "      UnhealthyThresholdCount: 3",
        "      TargetGroupAttributes:",
        "        - Key: deregistration_delay.timeout_seconds",
        "          Value: '30'",
        "",
        f"  {name}ListenerRule:",
        "    Type: AWS::ElasticLoadBalancingV2::ListenerRule",
        "    Properties:",
        "      ListenerArn: !Ref ListenerArn",
        f"      Priority: {priority}",
        "      Conditions:",
        "        - Field: host-header",
        "          HostHeaderConfig:",
        f"            Values: [!Sub '{slug}.${{Environment}}.acme-corp.net']",
        "      Actions:",
        "        - Type: forward",
        f"          TargetGroupArn: !Ref {name}TargetGroup",
        "",
        f"  {name}Service:",
        "    Type: AWS::ECS::Service",
        f"    DependsOn: {name}ListenerRule",
        "    Properties:",
        f"      ServiceName: {slug}",
        "      Cluster: !Ref Cluster",
        f"      TaskDefinition: !Ref {name}TaskDefinition",
        "      LaunchType: FARGATE",
        f"      DesiredCount: !If [IsProduction, {rng.choice((2, 3, 4))}, 1]",
        "      DeploymentConfiguration:",
        "        MaximumPercent: 200",
        "        MinimumHealthyPercent: 100",
        "        DeploymentCircuitBreaker:",
        "          Enable: true",
        "          Rollback: true",
        "      NetworkConfiguration:",
        "        AwsvpcConfiguration:",
        "          AssignPublicIp: DISABLED",
        "          Subnets: !Ref PrivateSubnetIds",
        f"          SecurityGroups: [!Ref {name}SecurityGroup]",
        "      LoadBalancers:",
        f"        - ContainerName: {slug}",
        f"          ContainerPort: {port}",
        f"          TargetGroupArn: !Ref {name}TargetGroup",
        "",
        f"  {name}ScalableTarget:",
        "    Type: AWS::ApplicationAutoScaling::ScalableTarget",
        "    Properties:",
        "      ServiceNamespace: ecs",
        "      ScalableDimension: ecs:service:DesiredCount",
        f"      ResourceId: !Sub 'service/${{Cluster}}/${{{name}Service.Name}}'",
        "      MinCapacity: !If [IsProduction, 2, 1]",
        f"      MaxCapacity: {rng.choice((4, 6, 8, 12))}",
        "",
        f"  {name}ScalingPolicy:",
        "    Type: AWS::ApplicationAutoScaling::ScalingPolicy",
        "    Properties:",
        f"      PolicyName: {slug}-cpu",
        "      PolicyType: TargetTrackingScaling",
        f"      ScalingTargetId: !Ref {name}ScalableTarget",
        "      TargetTrackingScalingPolicyConfiguration:",
        f"        TargetValue: {rng.choice((50, 60, 70))}",
        "        PredefinedMetricSpecification:",
        "          PredefinedMetricType: ECSServiceAverageCPUUtilization",
        "",
        f"  {name}HighCpuAlarm:",
        "    Type: AWS::CloudWatch::Alarm",
        "    Condition: HasAlarmTopic",
        "    Properties:",
        f"      AlarmDescription: {slug} CPU above 90% for 10 minutes",
        "      Namespace: AWS/ECS",
        "      MetricName: CPUUtilization",
        "      Dimensions:",
        "        - Name: ClusterName",
        "          Value: !Ref Cluster",
        "        - Name: ServiceName",
        f"          Value: !GetAtt {name}Service.Name",
        "      Statistic: Average",
        "      Period: 300",
        "      EvaluationPeriods: 2",
        "      Threshold: 90",
        "      ComparisonOperator: GreaterThanThreshold",
        "      AlarmActions: [!Ref AlarmTopicArn]",
        "",
    ]
    outputs += [
        f"  {name}ServiceName:",
        f"    Value: !GetAtt {name}Service.Name",
        "    Export:",
        f"      Name: !Sub '${{AWS::StackName}}-{slug}-service'",
        f"  {name}TargetGroupArn:",
        f"    Value: !Ref {name}TargetGroup",
    ]


def template(size: int, seed: int) -> str:
    rng = random.Random(seed)
    out: list = []
    outputs: list = ["Outputs:", "  ClusterName:", "    Value: !Ref Cluster"]
    header(out, rng)
    used: set = set()
    best = "\n".join(out + outputs) + "\n"
    for index in range(35):
        service(out, outputs, rng, index, used)
        text = "\n".join(out + outputs) + "\n"
        if len(text) >= size:
            return text if len(text) - size < size - len(best) else best
        best = text
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bytes", type=int, default=100_000, help="approximate size (default 100000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    text = template(args.bytes, args.seed)
    with open(args.out, "w") as f:
        f.write(text)
    print(f"template: {text.count('    Type: AWS::')} resources, {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
